// The dashboard in a real headless Chromium: charts drawn by chart.js with the sample's
// figures, the customer list filtered by segment, a company page, the Recalculate button.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portfolioOverview } from '../../src/app/portfolio-overview.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { dashboardBrowser, type DashboardBrowser, type InBrowser } from '../support/dashboard-browser.ts';
import { TENANT, type SamplePortal } from '../support/sample-portal.ts';

const OUTPUT = resolve(import.meta.dirname, '../../test-output');

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

/** Whether chart.js drew something on the canvas: any pixel that is not transparent. */
async function drawnPixels(canvasId: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = (globalThis as unknown as InBrowser).document.getElementById(id);
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted += 1;
    return painted;
  }, canvasId);
}

describe('the dashboard in a browser', () => {
  it('draws the whale curve and the pyramid with the sample portal figures', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    await page.goto(`${base}/`);
    await page.waitForSelector('body[data-charts-drawn="true"]');

    const whale = await page.evaluate(() => {
      const chart = (globalThis as unknown as InBrowser).Chart.getChart('whale-chart');
      return chart?.data.datasets.map((d) => ({ label: d.label, points: d.data.length }));
    });
    expect(whale?.[0]).toEqual({ label: 'Net contribution', points: report.whaleCurve.length });
    expect(whale?.filter((d) => d.label.startsWith('Segment')).reduce((s, d) => s + d.points, 0)).toBe(report.whaleCurve.length);
    expect(await drawnPixels('whale-chart')).toBeGreaterThan(1000);
    expect(await page.locator('.peak').textContent()).toContain(`${report.whalePeak!.rank} most profitable customers`);

    const pyramidCounts = await page.locator('#pyramid-table tbody td.companies').allTextContents();
    expect(pyramidCounts).toEqual(report.pyramid.map((row) => row.companies.toLocaleString('en-US')));
    const pyramidBars = await page.evaluate(() => {
      const chart = (globalThis as unknown as InBrowser).Chart.getChart('pyramid-chart');
      return chart?.data.labels;
    });
    expect(pyramidBars).toEqual(['Top', 'Large', 'Medium', 'Small', 'Inactive', 'Prospect', 'Suspect']);
    expect(await drawnPixels('pyramid-chart')).toBeGreaterThan(1000);

    await page.screenshot({ path: `${OUTPUT}/dashboard-overview.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('filters the customer list by a segment', async () => {
    const { report } = await portfolioOverview(portal.store, TENANT, DEFAULT_MODEL_CONFIG);
    const segment = report.segments.find((s) => s.companies > 0 && s.segment !== 'A') ?? report.segments[0]!;
    await page.goto(`${base}/customers`);
    await page.selectOption('select[name="segment"]', segment.segment);
    await Promise.all([page.waitForURL(/segment=/), page.click('#customer-filters button[type="submit"]')]);
    const segments = await page.$$eval('#customer-table tbody tr', (rows) => rows.map((r) => r.getAttribute('data-segment')));
    expect(segments.length).toBe(Math.min(segment.companies, 50));
    expect(segments.every((s) => s === segment.segment)).toBe(true);
    expect(await page.locator('#customer-count').textContent()).toContain(`of ${segment.companies.toLocaleString('en-US')} companies`);
    await page.screenshot({ path: `${OUTPUT}/dashboard-customers.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('opens a company from the list and shows its segment and charts', async () => {
    await page.goto(`${base}/customers?segment=A`);
    const first = page.locator('#customer-table tbody tr').first();
    const name = await first.locator('th a').textContent();
    await Promise.all([page.waitForURL(/\/companies\//), first.locator('th a').click()]);
    await page.waitForSelector('body[data-charts-drawn="true"]');
    expect((await page.locator('h1').textContent())?.trim()).toBe(name!.trim());
    expect(await page.locator('#company-segment').textContent()).toBe('A');
    expect(await drawnPixels('cost-chart')).toBeGreaterThan(100);
    expect(await drawnPixels('history-chart')).toBeGreaterThan(100);
    await page.screenshot({ path: `${OUTPUT}/dashboard-company.png`, fullPage: true });
    expect(problems).toEqual([]);
  });

  it('recalculates from the button and reloads with the migration since the previous run', async () => {
    await page.goto(`${base}/`);
    expect(await page.locator('#migration-matrix').count()).toBe(0);
    // Retention of last year's customers comes from the data, so it shows before a second run.
    const retention = '84% (178 of the 211 customers a year before) — goal 90%, not met';
    expect(await page.locator('#retention').textContent()).toContain(retention);
    await Promise.all([page.waitForEvent('load'), page.click('#recalculate')]);
    await page.waitForSelector('#migration-matrix');
    expect(await page.locator('#run-table tbody tr').count()).toBe(2);
    expect(await page.locator('#retention').textContent()).toContain(retention);
    await page.screenshot({ path: `${OUTPUT}/dashboard-after-recalculate.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
