// The what-ifs in a real headless Chromium: the overview draws today's whale curve and the one
// after every D customer's recommended action as two lines, and a loss-maker's company page
// lists its options best first with the recommended one marked. Screenshots go to test-output/,
// and with UPDATE_SCREENSHOTS=1 to docs/images/ for the README.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyCard } from '../../src/app/company-card.ts';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { LABELS } from '../../src/domain/labels.ts';
import { dashboardBrowser, type DashboardBrowser, type InBrowser } from '../support/dashboard-browser.ts';
import { TENANT, type SamplePortal } from '../support/sample-portal.ts';

const OUTPUT = resolve(import.meta.dirname, '../../test-output');
const IMAGES = resolve(import.meta.dirname, '../../docs/images');
/** A D customer of the sample whose options differ (tickets, visits, a small revenue). */
const LOSS_MAKER = 'c-000002';

let dashboard: DashboardBrowser;
let portal: SamplePortal;
let page: Page;
let base: string;
let problems: string[];

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  dashboard = await dashboardBrowser();
  ({ portal, base, problems } = dashboard);
  page = await dashboard.open(1360);
});

afterAll(async () => {
  await dashboard?.close();
});

async function screenshot(selector: string, name: string): Promise<void> {
  await page.locator(selector).screenshot({ path: `${OUTPUT}/${name}` });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(IMAGES, { recursive: true });
    await page.locator(selector).screenshot({ path: `${IMAGES}/${name}` });
  }
}

describe('the what-ifs on the dashboard', () => {
  it('draws today\'s whale curve and the one after the recommended actions for D beside it', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    const whatIf = report.whatIf!;
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-charts-drawn="true"]');
    const lines = await page.evaluate(() => {
      const chart = (globalThis as unknown as InBrowser).Chart.getChart('whale-chart');
      return chart?.data.datasets.map((d) => ({ label: d.label, points: d.data.length, last: d.data.at(-1) as { x: number; y: number } | undefined }));
    });
    expect(lines?.[0]).toMatchObject({ label: 'Net contribution', points: report.whaleCurve.length });
    const after = lines?.find((d) => d.label === 'After the recommended actions for D');
    // The sample is small enough to draw every customer; the ones parting ways are off the curve.
    expect(after?.points).toBe(whatIf.whaleCurve.length);
    expect(after?.points).toBe(report.whaleCurve.length - whatIf.partingWays);
    expect(after?.last).toMatchObject({ x: 100, y: 100 });
    // Both lines reach the canvas: the what-if's colour is drawn.
    const purple = await page.evaluate(() => {
      const canvas = (globalThis as unknown as InBrowser).document.getElementById('whale-chart');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] === 0x7b && data[i + 1] === 0x3f && data[i + 2] === 0xb5) n += 1;
      return n;
    });
    expect(purple).toBeGreaterThan(100);

    const text = (await page.locator('#what-if').textContent())!.replace(/\s+/g, ' ');
    const money = (n: number) => Math.round(n).toLocaleString('en-GB');
    expect(text).toContain(`Net contribution ${money(whatIf.today)} → ${money(whatIf.totalNetContribution)} (+${money(whatIf.effect)})`);
    expect(text).toContain(`from ${(report.whalePeak!.contributionShare * 100).toFixed(1)}% to ${(whatIf.whalePeak!.contributionShare * 100).toFixed(1)}%`);
    await screenshot('#whale', 'whatif-overview.png');
    expect(problems).toEqual([]);
  });

  it('lists a loss-maker\'s options on its company page, best effect first, the recommended one marked', async () => {
    const card = await companyCard(portal.store, DEFAULT_MODEL_CONFIG, TENANT, LOSS_MAKER);
    expect(card.result.segment).toBe('D');
    const whatIf = card.whatIf!;
    await page.goto(`${base}/companies/${LOSS_MAKER}`);
    await page.waitForSelector('body[data-charts-drawn="true"]');
    const rows = await page.$$eval('#what-if-table tbody tr', (trs) =>
      trs.map((tr) => ({ option: tr.getAttribute('data-option'), recommended: tr.classList.contains('recommended'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()) })),
    );
    expect(rows.map((r) => r.option)).toEqual(whatIf.options.map((o) => o.option));
    expect(rows.filter((r) => r.recommended).map((r) => r.option)).toEqual([whatIf.recommended]);
    const money = (n: number) => Math.round(n).toLocaleString('en-GB').replace('-', '−');
    expect(rows.map((r) => r.cells[1])).toEqual(whatIf.options.map((o) => money(o.netContribution)));
    const effects = whatIf.options.map((o) => o.effect);
    expect([...effects].sort((a, b) => b - a)).toEqual(effects);
    expect(await page.locator('#what-if-table tr.recommended th').textContent()).toContain(LABELS.en.whatIfOptions[whatIf.recommended!]);
    await screenshot('#what-if', 'whatif-company.png');

    // In Dutch, the same table in Dutch words.
    const dutch = await dashboard.open(1360, { locale: 'nl-NL' });
    await dutch.goto(`${base}/companies/${LOSS_MAKER}?lang=nl`);
    expect(await dutch.locator('#what-if h2').textContent()).toBe('Wat als: opties voor deze verliesgevende klant');
    expect(await dutch.locator('#what-if-table tbody tr[data-option="part_ways"] th').textContent()).toContain('Afscheid nemen');
    expect(problems).toEqual([]);
  });

  it('fits the what-if table on a phone (the table scrolls inside its box, the page does not)', async () => {
    const phone = await dashboard.open(390);
    await phone.goto(`${base}/companies/${LOSS_MAKER}`);
    await phone.waitForSelector('#what-if-table');
    const overflow = await phone.evaluate(() => {
      const root = (globalThis as unknown as InBrowser).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
  });

  it('shows no what-if on the page of a customer that is neither D nor over-served', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    const results = await portal.store.latestResults(TENANT);
    const fine = results.find((r) => r.isCustomer && r.segment === 'A' && r.serviceFlag === 'ok')!;
    expect(report.customers).toBeGreaterThan(0);
    await page.goto(`${base}/companies/${fine.companyId}`);
    expect(await page.locator('#what-if').count()).toBe(0);
  });
});
