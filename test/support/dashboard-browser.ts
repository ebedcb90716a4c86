// The sample portal's dashboard on a real port, and a headless Chromium to look at it: what
// the dashboard's browser tests share. Console errors, page errors and failed requests of
// every page opened are collected in `problems`.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { samplePortal, type SamplePortal } from './sample-portal.ts';

export interface DashboardBrowser {
  portal: SamplePortal;
  base: string;
  browser: Browser;
  problems: string[];
  /** A new page (tab) of the given width, its problems collected. */
  open(width: number, options?: { locale?: string }): Promise<Page>;
  close(): Promise<void>;
}

/** The little of the browser these checks touch (the project compiles without the DOM library). */
export interface InBrowser {
  document: {
    documentElement: { scrollWidth: number; clientWidth: number };
    getElementById(id: string): { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  };
  Chart: {
    getChart(id: string):
      | {
          data: { labels?: string[]; datasets: { label: string; data: unknown[] }[] };
          getDatasetMeta(index: number): { data: { x: number; y: number; base: number }[] };
          scales: Record<string, { ticks: { label: string | string[] }[] }>;
        }
      | undefined;
  };
}

export async function dashboardBrowser(): Promise<DashboardBrowser> {
  const portal = await samplePortal();
  const app = portal.app({ mode: 'local' });
  const server = await new Promise<Server>((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const problems: string[] = [];
  return {
    portal,
    base,
    browser,
    problems,
    async open(width, options = {}) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, locale: options.locale ?? 'en-GB' });
      const page = await context.newPage();
      // A CSP violation, a failed script or a missing asset shows up here.
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('response', (response) => {
        if (response.status() >= 400 && !response.url().endsWith('.map')) problems.push(`${response.status()} ${response.url()}`);
      });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
      await portal.close();
    },
  };
}
