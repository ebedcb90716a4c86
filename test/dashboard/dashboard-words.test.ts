// The dashboard's words for people: its language (switch, cookie, Accept-Language), codes in
// words in English and Dutch, thousands separators and one minus sign on every page, an HTML
// page for unknown addresses, CRM writes in the run status only when there were some, and
// non-customers' potential value kept apart from customers' earned value.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyCard } from '../../src/app/company-card.ts';
import { REFUSED_CHECKPOINT } from '../../src/app/write-back.ts';
import type { CustomerRow } from '../../src/http/dashboard/customer-list.ts';
import { formats } from '../../src/http/dashboard/views/format.ts';
import { ownPortal, samplePortal, TENANT, type PortalWithApp, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
let app: ReturnType<SamplePortal['app']>;

beforeAll(async () => {
  portal = await samplePortal();
  app = portal.app({ mode: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

/** This file's portal, swapped for one of a describe's own (ownPortal). */
const held = {
  get: () => ({ portal, app }),
  set: (next: PortalWithApp) => void ({ portal, app } = next),
};

const DUTCH = 'nl-NL,nl;q=0.9,en;q=0.8';

async function page(path: string, language?: string): Promise<string> {
  const req = request(app).get(path);
  if (language) req.set('Accept-Language', language);
  const res = await req;
  expect(res.status, path).toBe(200);
  return res.text;
}

/** What a reader sees: no scripts (the charts' JSON), no tags, entities decoded. */
function visible(markup: string): string {
  return markup
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

function chartData<T>(markup: string, id: string): T {
  const json = new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`).exec(markup)![1]!;
  return JSON.parse(json) as T;
}

async function rows(query: Record<string, string>): Promise<CustomerRow[]> {
  return (await request(app).get('/dashboard/api/customers').query({ pageSize: 500, ...query })).body.rows;
}

async function card(companyId: string): Promise<CompanyCard> {
  return (await request(app).get(`/dashboard/api/companies/${companyId}`)).body;
}

describe('the dashboard language', () => {
  it('follows the browser’s Accept-Language, English otherwise', async () => {
    const dutch = await page('/', DUTCH);
    expect(dutch).toContain('<html lang="nl">');
    expect(visible(dutch)).toContain('Overzicht klantwaarde');
    const english = await page('/');
    expect(english).toContain('<html lang="en">');
    expect(visible(english)).toContain('Customer value overview');
    expect(visible(await page('/', 'fr-FR,fr;q=0.9'))).toContain('Customer value overview');
  });

  it('switches with ?lang= and remembers the choice in a cookie', async () => {
    const res = await request(app).get('/customers?lang=en').set('Accept-Language', DUTCH);
    expect(visible(res.text)).toContain('Customers');
    expect(String(res.headers['set-cookie'])).toMatch(/kw_lang=en;.*Path=\//);
    const remembered = await request(app).get('/').set('Accept-Language', DUTCH).set('Cookie', 'kw_lang=en');
    expect(visible(remembered.text)).toContain('Customer value overview');
    const dutch = await request(app).get('/').set('Cookie', 'other=1; kw_lang=nl');
    expect(visible(dutch.text)).toContain('Overzicht klantwaarde');
    // Each page links to itself in the other language.
    expect(dutch.text).toContain('href="/?lang=en"');
    const unknown = await request(app).get('/?lang=xx');
    expect(unknown.headers['set-cookie']).toBeUndefined();
  });
});

describe('customer goals', () => {
  it('show each goal met or not, with its values over the full runs, in English and Dutch', async () => {
    const { retention } = (await request(app).get('/dashboard/api/overview')).body.report as { retention: { rate: number } };
    const en = formats('en');
    const nl = formats('nl');
    const row = (markup: string) => visible(/<tr data-goal="retention"[\s\S]*?<\/tr>/.exec(markup)![0]).trim();
    expect(visible(await page('/'))).toContain('Customer goals');
    expect(row(await page('/'))).toBe(`Retain last year’s customers at least 90% ${en.percent(retention.rate)} not met ${en.percent(retention.rate)}`);
    expect(visible(await page('/', DUTCH))).toContain('Klantdoelen');
    expect(row(await page('/', DUTCH))).toBe(`Klanten van vorig jaar behouden minstens 90% ${nl.percent(retention.rate)} niet gehaald ${nl.percent(retention.rate)}`);
  });
});

describe('codes in words', () => {
  it('names roles, layers, channels, touchpoints and cost lines in English and Dutch', async () => {
    const withVisit = (await rows({ segment: 'B' })).find((r) => r.serviceFlag === 'under_served')!;
    const en = await page(`/companies/${withVisit.companyId}`);
    const nl = await page(`/companies/${withVisit.companyId}`, DUTCH);
    expect(visible(en)).toMatch(/Account visit Account manager Management Visit/);
    expect(visible(nl)).toMatch(/Accountbezoek Accountmanager Management Bezoek/);
    const costs = (markup: string) => chartData<{ costs: { label: string }[] }>(markup, 'kw-company-data').costs.map((c) => c.label);
    expect(costs(en)).toContain('Order handling');
    expect(costs(nl)).toContain('Orderverwerking');
  });

  it('shows no code on any page, in either language', async () => {
    const [customer] = await rows({ segment: 'A' });
    for (const language of [undefined, DUTCH]) {
      for (const path of ['/', '/customers', '/customers?level=inactive', `/companies/${customer!.companyId}`]) {
        const text = visible(await page(path, language));
        expect(text.match(/\b[a-z]+_[a-z_]+\b|\b[a-z]+[A-Z]\w*\b/g), `${path} ${language ?? 'en'}`).toBeNull();
      }
    }
  });
});

describe('figures on every page', () => {
  it('carry thousands separators in both languages', async () => {
    const [customer] = await rows({ segment: 'A' });
    for (const language of [undefined, DUTCH]) {
      for (const path of ['/', '/customers', `/companies/${customer!.companyId}`]) {
        // Dates ("1 Nov 2026", "3 dec 2026") hold the only four digits in a row.
        const text = visible(await page(path, language)).replace(/\b\d{1,2} [A-Za-z]{3,4}\.? \d{4}\b/g, 'DATE');
        expect(text.match(/(?<![\d.,-])\d{4,}/g), `${path} ${language ?? 'en'}`).toBeNull();
      }
    }
    const table = visible(await page('/', DUTCH)).match(/12\.735\.202|\d{1,3}(?:\.\d{3}){2}/);
    expect(table).not.toBeNull();
  });

  it('write negative amounts with one minus sign', async () => {
    const [loss] = await rows({ segment: 'D' });
    for (const language of [undefined, DUTCH]) {
      for (const path of ['/', '/customers?sort=netContribution&dir=asc', `/companies/${loss!.companyId}`]) {
        const text = visible(await page(path, language));
        expect(text, `${path} ${language ?? 'en'}`).toContain('−');
        expect(text.match(/(?:^|[\s(:])-\d/g), `${path} ${language ?? 'en'}`).toBeNull();
      }
    }
  });
});

describe('an unknown address', () => {
  it('gets a page for a person, in their language', async () => {
    const res = await request(app).get('/no-such-page').set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(visible(res.text)).toContain('Page not found');
    expect(res.text).toContain('href="/"');
    const dutch = await request(app).get('/customers/oops').set('Accept-Language', DUTCH);
    expect(dutch.status).toBe(404);
    expect(visible(dutch.text)).toContain('Pagina niet gevonden');
    const company = await request(app).get('/companies/no-such-company').set('Accept-Language', DUTCH);
    expect(company.status).toBe(404);
    expect(visible(company.text)).toContain('Geen resultaten voor bedrijf no-such-company');
  });

  it('stays JSON for the API and for clients that ask for JSON', async () => {
    for (const path of ['/api/nope', '/dashboard/api/nope', '/webhooks/nope']) {
      const res = await request(app).get(path).set('Accept', 'text/html');
      expect(res.status, path).toBe(404);
      expect(res.body.error.code, path).toBe('route.not_found');
    }
    const json = await request(app).get('/no-such-page').set('Accept', 'application/json');
    expect(json.body.error.code).toBe('route.not_found');
    expect((await request(app).post('/no-such-page')).body.error.code).toBe('route.not_found');
  });
});

describe('non-customers', () => {
  it('come after every customer in the list, whatever the sort, under a heading that calls their value potential', async () => {
    for (const [sort, dir] of [['totalValue', 'desc'], ['totalValue', 'asc'], ['revenue', 'asc'], ['name', 'asc'], ['valueRank', 'asc']]) {
      const customers = (await rows({ sort: sort!, dir: dir! })).map((r) => r.isCustomer);
      expect(customers.indexOf(false), `${sort} ${dir}`).toBeGreaterThan(0);
      expect(customers.slice(customers.indexOf(false)).every((c) => !c), `${sort} ${dir}`).toBe(true);
    }
    const markup = await page('/customers?pageSize=500');
    expect(markup.match(/id="non-customers"/g)).toHaveLength(1);
    const afterHeading = markup.slice(markup.indexOf('id="non-customers"'));
    expect(afterHeading).not.toMatch(/<tr data-company="[^"]*" data-segment="[ABCD]"/);
    expect(visible(afterHeading)).toMatch(/\d potential/);
    expect(markup.slice(0, markup.indexOf('id="non-customers"'))).not.toContain('class="non-customer"');
  });

  it('show their total value as potential value on their own page', async () => {
    const inactive = (await rows({ level: 'inactive' })).find((r) => r.totalValue > 0)!;
    const text = visible(await page(`/companies/${inactive.companyId}`));
    expect(text).toContain(`Potential value ${formats('en').money(inactive.totalValue)}`);
    expect(text).toContain('is potential');
    expect(text).not.toContain('Total value');
  });
});

describe('growth potential', () => {
  it('shows the whole potential and the weighted part that counts in total value, each with its name', async () => {
    let found: CompanyCard | undefined;
    for (const row of await rows({ segment: 'A' })) {
      const c = await card(row.companyId);
      if (c.result.drivers.some((d) => d.element === 'growth_potential')) {
        found = c;
        break;
      }
    }
    const r = found!.result;
    const money = formats('en').money;
    const markup = await page(`/companies/${r.companyId}`);
    const tile = visible(/id="tile-growth-potential"[\s\S]*?<\/div>/.exec(markup)![0]);
    expect(tile).toContain(`Growth potential ${money(r.growthPotential)}`);
    expect(tile).toContain(`50% of it, ${money(r.growthPotential / 2)}, counts in total value`);
    const driver = visible(/<tr data-element="growth_potential">[\s\S]*?<\/tr>/.exec(markup)![0]);
    expect(driver).toContain(`Weighted growth potential 50% of growth potential ${money(r.growthPotential)}`);
    expect(driver).toContain(money(r.drivers.find((d) => d.element === 'growth_potential')!.amount));
  });
});

describe('the run status', () => {
  ownPortal(held.get, held.set);
  it('mentions CRM updates only when a run wrote to a CRM', async () => {
    const before = visible(/<section id="runs">[\s\S]*?<\/section>/.exec(await page('/'))![0]);
    expect(before).not.toMatch(/update/i);
    expect(before).toContain('300 companies');
    const run = await portal.store.startRun({ tenant: TENANT, kind: 'full', startedAt: Date.now(), asOf: Date.now(), configHash: 'x' });
    await portal.store.finishRun(run.id, { status: 'succeeded', counts: { companies: 300, customers: 198, updates: 300, written: 1, write_refused: 0 }, agreementRate: null, error: null, finishedAt: Date.now() });
    const after = visible(/<section id="runs">[\s\S]*?<\/section>/.exec(await page('/'))![0]);
    expect(after).toContain('1 company updated in the CRM');
    expect(after).not.toContain('refused');
  });
});

describe('owners, refused writes and retention in both languages', () => {
  ownPortal(held.get, held.set);
  /** The overview and the list are read once per run: a new run shows what changed. */
  async function newRun(counts: Record<string, number>): Promise<void> {
    const run = await portal.store.startRun({ tenant: TENANT, kind: 'incremental', startedAt: Date.now(), asOf: portal.clock.now, configHash: 'x' });
    await portal.store.finishRun(run.id, { status: 'succeeded', counts, agreementRate: null, error: null, finishedAt: Date.now() });
  }

  it('names the company’s owner in the page’s words', async () => {
    await portal.store.applyChanges(TENANT, { owners: [{ id: 'owner-1', firstName: 'Anouk', lastName: 'de Vries' }] });
    await newRun({ companies: 0 });
    const [owned] = await rows({ owner: 'owner-1' });
    expect(visible(await page(`/companies/${owned!.companyId}`))).toContain('owner Anouk de Vries');
    expect(visible(await page(`/companies/${owned!.companyId}`, DUTCH))).toContain('eigenaar Anouk de Vries');
    const filter = await page('/customers', DUTCH);
    expect(filter).toContain('<option value="owner-1">Anouk de Vries</option>');
  });

  it('says how many of last year’s customers are customers now, against the goal', async () => {
    const { retention } = (await request(app).get('/dashboard/api/overview')).body.report as { retention: { retained: number; customersYearBefore: number; rate: number } };
    const en = formats('en');
    const nl = formats('nl');
    const line = (markup: string) => visible(/<p class="retention[^"]*" id="retention">[\s\S]*?<\/p>/.exec(markup)![0]).trim();
    expect(line(await page('/'))).toBe(
      `Retention of last year’s customers: ${en.percent(retention.rate)} (${en.count(retention.retained)} of the ${en.count(retention.customersYearBefore)} customers a year before) — goal 90%, ${retention.rate >= 0.9 ? 'met' : 'not met'}.`,
    );
    expect(line(await page('/', DUTCH))).toBe(
      `Behoud van de klanten van vorig jaar: ${nl.percent(retention.rate)} (${nl.count(retention.retained)} van de ${nl.count(retention.customersYearBefore)} klanten van een jaar eerder) — doel 90%, ${retention.rate >= 0.9 ? 'gehaald' : 'niet gehaald'}.`,
    );
  });

  it('lists the companies the CRM refused, with the CRM’s own message, in the page’s words', async () => {
    const [refused] = await rows({ segment: 'B' });
    const rule = 'Next contact date is required when Lifecycle stage is Customer';
    await portal.store.setCheckpoint(TENANT, REFUSED_CHECKPOINT, JSON.stringify([{ companyId: refused!.companyId, name: refused!.name, code: 'crm.invalid_value', message: rule }]));
    await newRun({ companies: 1, written: 0, write_refused: 1 });
    const list = (markup: string) => visible(/<div id="refused-writes"[\s\S]*?<\/div>/.exec(markup)![0]);
    expect(list(await page('/'))).toContain(`The CRM refused the values of 1 company; they are tried again on the next run: ${refused!.name} (${refused!.companyId}): ${rule}`);
    expect(list(await page('/', DUTCH))).toContain(`Het CRM weigerde de waarden van 1 bedrijf; ze worden bij de volgende berekening opnieuw geprobeerd: ${refused!.name} (${refused!.companyId}): ${rule}`);
  });
});
