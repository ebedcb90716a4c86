// A full run works through the portfolio in bounded chunks: four times the companies (and
// records) must not need much more memory. Each run is its own process, so its heap is its
// own; the heap is measured live (after a collection) all through the run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function storeOf(companies: number): Promise<string> {
  const path = join(dir, `${companies}.db`);
  const store = createSqliteStore({ path });
  await store.migrate();
  await store.applyChanges('t', generatePortfolio({ companies, seed: 5, asOf: Date.parse('2026-11-01T00:00:00Z') }));
  await store.close();
  return path;
}

function peakHeap(path: string): { companies: number; records: number; peakHeapBytes: number } {
  const script = new URL('../support/full-run-heap.ts', import.meta.url).pathname;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', script, path], { encoding: 'utf8' })) as { companies: number; records: number; peakHeapBytes: number };
}

describe('a full run’s memory', () => {
  it('stays within 1.2× for four times the companies: chunked, not the whole portfolio at once', { timeout: 180_000 }, async () => {
    // 2,000 companies (at least one chunk of results) hold ~120,000 records: were they all in
    // memory at once, four times as many would more than double the heap. A chunked run keeps
    // a few hundred bytes per company.
    const one = peakHeap(await storeOf(2_000));
    const four = peakHeap(await storeOf(8_000));
    expect(four.companies).toBe(4 * one.companies);
    expect(four.records).toBeGreaterThan(3.5 * one.records);
    expect(four.peakHeapBytes / one.peakHeapBytes).toBeLessThanOrEqual(1.2);
  });
});
