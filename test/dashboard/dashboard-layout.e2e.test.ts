// The dashboard read in Chromium on a laptop and on a phone: segment D's loss visible in the
// segment charts, no page wider than a 390 px screen (tables scroll inside their cards), one
// minus sign on the charts' axes, and the language switch remembered from page to page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerRow } from '../../src/http/dashboard/customer-list.ts';
import { dashboardBrowser, type DashboardBrowser, type InBrowser } from '../support/dashboard-browser.ts';

const PHONE = 390;
/** A bar shorter than this is a line, not a figure one reads. */
const MIN_BAR_PX = 20;

let dashboard: DashboardBrowser;

beforeAll(async () => {
  dashboard = await dashboardBrowser();
});
afterAll(async () => {
  await dashboard?.close();
});

async function rows(query: string): Promise<CustomerRow[]> {
  const res = await fetch(`${dashboard.base}/dashboard/api/customers?pageSize=500&${query}`);
  return ((await res.json()) as { rows: CustomerRow[] }).rows;
}

async function drawn(page: Page, path: string): Promise<void> {
  await page.goto(`${dashboard.base}${path}`);
  await page.waitForSelector('body[data-charts-drawn="true"]');
}

/** Pixel heights of a vertical bar chart's bars, in the order of its labels. */
function barHeights(page: Page, canvasId: string): Promise<number[] | null> {
  return page.evaluate((id) => {
    const chart = (globalThis as unknown as InBrowser).Chart.getChart(id);
    return chart ? chart.getDatasetMeta(0).data.map((bar) => Math.abs(bar.base - bar.y)) : null;
  }, canvasId);
}

function tickLabels(page: Page, canvasId: string, axis: string): Promise<string[]> {
  return page.evaluate(
    ({ id, axis }) => (globalThis as unknown as InBrowser).Chart.getChart(id)!.scales[axis]!.ticks.map((t) => (Array.isArray(t.label) ? t.label.join(' ') : t.label)),
    { id: canvasId, axis },
  );
}

/** A table's width, the width of the box around it, and whether that box scrolls sideways. */
function scrollBox(page: Page, tableId: string): Promise<{ table: number; box: number; overflow: string }> {
  return page.evaluate((id) => {
    type Box = { scrollWidth: number; clientWidth: number; parentElement: Box };
    const g = globalThis as unknown as { document: { getElementById(id: string): Box }; getComputedStyle(element: Box): { overflowX: string } };
    const table = g.document.getElementById(id);
    return { table: table.scrollWidth, box: table.parentElement.clientWidth, overflow: g.getComputedStyle(table.parentElement).overflowX };
  }, tableId);
}

describe('the segment charts', () => {
  for (const width of [1280, PHONE]) {
    it(`show segment D's net contribution and cost-to-serve as bars one can read (${width} px)`, async () => {
      const page = await dashboard.open(width);
      await drawn(page, '/');
      const heights = await barHeights(page, 'segment-chart-D');
      // Gross margin, cost-to-serve, net contribution: each on D's own scale.
      expect(heights).toHaveLength(3);
      const [, cost, net] = heights!;
      expect(cost).toBeGreaterThan(MIN_BAR_PX);
      expect(net).toBeGreaterThan(MIN_BAR_PX);
      for (const segment of ['A', 'B', 'C']) expect((await barHeights(page, `segment-chart-${segment}`))!.every((h) => h > 3)).toBe(true);
      expect(dashboard.problems).toEqual([]);
      await page.close();
    });
  }

  it('write negative amounts and percentages with the minus sign on their axes', async () => {
    const page = await dashboard.open(1280);
    await drawn(page, '/');
    const d = await tickLabels(page, 'segment-chart-D', 'y');
    expect(d.some((label) => label.startsWith('−'))).toBe(true);
    const whale = await tickLabels(page, 'whale-chart', 'y');
    expect(whale.some((label) => label.startsWith('−'))).toBe(true);
    expect([...d, ...whale].filter((label) => label.includes('-'))).toEqual([]);
    await page.close();
  });
});

describe('a phone', () => {
  it('gets every dashboard page no wider than its screen, in both languages', async () => {
    const [customer] = await rows('segment=A');
    const [loss] = await rows('segment=D');
    const inactive = (await rows('level=inactive')).find((r) => r.totalValue > 0)!;
    const paths = ['/', '/customers', '/customers?segment=D', ...[customer!, loss!, inactive].map((r) => `/companies/${r.companyId}`)];
    for (const locale of ['en-GB', 'nl-NL']) {
      const page = await dashboard.open(PHONE, { locale });
      for (const path of paths) {
        await drawn(page, path);
        const width = await page.evaluate(() => (globalThis as unknown as InBrowser).document.documentElement.scrollWidth);
        expect(width, `${path} (${locale})`).toBeLessThanOrEqual(PHONE);
      }
      await page.close();
    }
    expect(dashboard.problems).toEqual([]);
  });

  it('scrolls the wide tables inside their cards', async () => {
    const page = await dashboard.open(PHONE);
    await drawn(page, '/customers');
    const list = await scrollBox(page, 'customer-table');
    expect(list.table).toBeGreaterThan(list.box);
    expect(list.overflow).toBe('auto');
    await drawn(page, '/');
    for (const table of ['pyramid-table', 'segment-table', 'owner-table', 'run-table']) expect((await scrollBox(page, table)).overflow, table).toBe('auto');
    await page.close();
  });

  it('gets the page for an unknown address no wider than its screen', async () => {
    const page = await dashboard.open(PHONE);
    const res = await page.goto(`${dashboard.base}/no-such-page`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Page not found');
    expect(await page.evaluate(() => (globalThis as unknown as InBrowser).document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE);
    // The 404 itself is the only problem the browser saw.
    expect(dashboard.problems.filter((p) => !p.includes('404'))).toEqual([]);
    dashboard.problems.length = 0;
    await page.close();
  });
});

describe('the language switch', () => {
  it('shows the pages in Dutch after choosing Nederlands, and remembers it on the next page', async () => {
    const page = await dashboard.open(1280, { locale: 'en-GB' });
    await drawn(page, '/');
    expect(await page.locator('h1').textContent()).toBe('Customer value overview');
    await Promise.all([page.waitForURL(/lang=nl/), page.click('nav.languages a[hreflang="nl"]')]);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('h1').textContent()).toBe('Overzicht klantwaarde');
    await page.click('nav.sections a[href="/customers"]');
    await page.waitForURL(/\/customers$/);
    expect(await page.locator('h1').textContent()).toBe('Klanten');
    expect(await page.locator('#customer-count').textContent()).toMatch(/van [\d.]+ bedrijven/);
    await Promise.all([page.waitForURL(/lang=en/), page.click('nav.languages a[hreflang="en"]')]);
    expect(await page.locator('h1').textContent()).toBe('Customers');
    expect(dashboard.problems).toEqual([]);
    await page.close();
  });
});
