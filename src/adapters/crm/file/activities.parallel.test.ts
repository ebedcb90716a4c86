// activities.csv read by several threads gives what the one-thread read gives: the same
// records in the same order, the same errors with the same lines, the same counts — also
// when a cut between two threads' ranges falls inside a quoted field, when a duplicate id
// sits in another range than its first, and when the CSV itself breaks.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity, Deal } from '../../../domain/records.ts';
import { startParallelActivities } from './activities.parallel.ts';
import { DOT_DECIMAL } from './cell-parsers.ts';
import { streamPortfolioCsv, type ReadOptions, type StreamResult } from './csv.reader.ts';
import { writeSamplePortal } from './sample.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
// Small ranges and batches and no size floor, so a small file is cut into many ranges, dealt round three threads.
const PARALLEL: ReadOptions = { parallel: { threads: 3, minBytes: 0, minRangeBytes: 2_000, batchRows: 7 } };
const SERIAL: ReadOptions = { parallel: false };

interface Read {
  result: StreamResult;
  activities: { activity: Activity; slot: number }[];
  deals: number;
}

async function read(dir: string, options: ReadOptions, transient: boolean): Promise<Read> {
  const activities: Read['activities'] = [];
  let deals = 0;
  const result = await streamPortfolioCsv(
    dir,
    {
      transient,
      deal: (_deal: Deal) => void deals++,
      // A transient sink gets one reused record: keep a copy.
      activity: (activity, slot) => void activities.push({ activity: transient ? { ...activity } : activity, slot }),
    },
    options,
  );
  return { result, activities, deals };
}

async function expectSameRead(dir: string): Promise<Read> {
  let serial: Read | undefined;
  for (const transient of [true, false]) {
    serial = await read(dir, SERIAL, transient);
    const parallel = await read(dir, PARALLEL, transient);
    expect(parallel.result).toEqual(serial.result);
    expect(parallel.deals).toBe(serial.deals);
    expect(parallel.activities.length).toBe(serial.activities.length);
    expect(parallel.activities).toEqual(serial.activities);
  }
  return serial!;
}

const dirs: string[] = [];
let sample: string;
let sampleActivities: string;

beforeAll(async () => {
  sample = await mkdtemp(join(tmpdir(), 'kw-parallel-'));
  dirs.push(sample);
  await writeSamplePortal({ companies: 40, seed: 5, out: sample, asOf: AS_OF });
  sampleActivities = await readFile(join(sample, 'activities.csv'), 'utf8');
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The sample folder with activities.csv replaced. */
async function withActivities(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-parallel-'));
  dirs.push(dir);
  for (const file of ['companies.csv', 'deals.csv', 'relations.csv', 'overrides.csv']) await writeFile(join(dir, file), await readFile(join(sample, file)));
  await writeFile(join(dir, 'activities.csv'), text);
  return dir;
}

const lines = () => sampleActivities.trimEnd().split('\n');

describe('activities.csv read in threads', () => {
  it('is cut into ranges dealt round the threads when it is big enough, and read on the main thread otherwise', async () => {
    const threaded = await startParallelActivities(sample, DOT_DECIMAL, { threads: 3, minBytes: 0, minRangeBytes: 2_000 });
    expect(threaded?.threads).toBe(3);
    expect(threaded?.ranges).toBeGreaterThanOrEqual(3 * 8 - 2); // eight per thread at most, of 2,000 bytes at least
    await threaded?.stop();
    expect(await startParallelActivities(sample, DOT_DECIMAL, { threads: 3 })).toBeNull(); // under 32 MB
    expect(await startParallelActivities(sample, DOT_DECIMAL, { threads: 1, minBytes: 0 })).toBeNull();
    expect(await startParallelActivities(await withActivities('id,company,type\n'), DOT_DECIMAL, { threads: 3, minBytes: 0 })).toBeNull(); // a header the main thread reports
  });

  it('gives the one-thread read of a valid folder: every record, in order, with its slot', async () => {
    const serial = await expectSameRead(sample);
    expect(serial.result.ok).toBe(true);
    expect(serial.activities.length).toBe(lines().length - 1);
    expect(serial.activities.length).toBeGreaterThan(500);
  });

  it('reads on when a cut falls inside a quoted field with line breaks', async () => {
    // Most of the file's bytes are inside quotes, so the cuts fall inside them.
    const [header, ...rows] = lines();
    const quoted = rows.map((row) => {
      const cells = row.split(',');
      cells[5] = `"${cells[5]}\nwith a note\r\nover ""three"" lines ${'x'.repeat(200)}"`;
      return cells.join(',');
    });
    const serial = await expectSameRead(await withActivities(`${header}\n${quoted.join('\n')}\n`));
    expect(serial.result.ok).toBe(true);
    expect(serial.activities[3]!.activity.ownerRole).toContain('over "three" lines');
  });

  it('reports duplicates across ranges, refused cells and rows of the wrong width on the same lines', async () => {
    const [header, ...rows] = lines();
    const broken = [...rows];
    broken[rows.length - 3] = rows[2]!; // the id of line 4 again, near the end
    broken[rows.length - 40] = rows[10]!;
    broken[Math.floor(rows.length / 2)] = rows[7]!.replace(/,(\d{4})-/, ',$1/'); // a date the wrong way
    broken[Math.floor(rows.length / 3)] = rows[8]!.replace(/,c-\d+,/, ',c-999999,'); // no such company
    broken[Math.floor(rows.length / 4)] = `${rows[9]!},extra`;
    broken[rows.length - 1] = rows[11]!.replace(/,(call|meeting|visit|email|note|task|ticket),/, ',fax,');
    const serial = await expectSameRead(await withActivities(`${header}\r\n${broken.join('\r\n')}\r\n`));
    expect(serial.result.ok).toBe(false);
    if (serial.result.ok) return;
    expect(serial.result.errors.map((e) => e.line)).toEqual([...serial.result.errors.map((e) => e.line)].sort((a, b) => a! - b!));
    expect(serial.result.errors.some((e) => e.reason.startsWith('duplicate') && e.line === rows.length - 3 + 2)).toBe(true);
    expect(serial.result.errorCount).toBeGreaterThanOrEqual(6);
  });

  it('counts every error past the report cap, across ranges', async () => {
    const [header, ...rows] = lines();
    const bad = rows.map((row, i) => (i % 3 === 0 ? row.replace(/,(\d{4})-/, ',$1/') : row));
    const serial = await expectSameRead(await withActivities(`${header}\n${bad.join('\n')}\n`));
    expect(serial.result.ok).toBe(false);
    if (serial.result.ok) return;
    expect(serial.result.errors).toHaveLength(100);
    expect(serial.result.errorCount).toBe(Math.ceil(rows.length / 3));
  });

  it('stops where the CSV breaks, as the one-thread read does', async () => {
    const [header, ...rows] = lines();
    for (const at of [5, Math.floor(rows.length / 2), rows.length - 2]) {
      const broken = [...rows];
      broken[at] = broken[at]!.replace(',', ',x"y');
      const serial = await expectSameRead(await withActivities(`${header}\n${broken.join('\n')}\n`));
      expect(serial.result.ok).toBe(false);
      if (serial.result.ok) continue;
      expect(serial.result.errors.at(-1)).toMatchObject({ file: 'activities.csv', line: at + 2 });
      expect(serial.result.errors.at(-1)!.reason).toMatch(/^malformed CSV: Invalid Opening Quote/);
      expect(serial.activities.length).toBe(at);
    }
  });

  it('reports a quote that never closes', async () => {
    const [header, ...rows] = lines();
    const broken = [...rows];
    const at = Math.floor(rows.length * 0.4);
    broken[at] = broken[at]!.replace(/,([a-z_]+),(\w+)$/, ',"$1,$2');
    const serial = await expectSameRead(await withActivities(`${header}\n${broken.join('\n')}\n`));
    expect(serial.result.ok).toBe(false);
    if (serial.result.ok) return;
    expect(serial.result.errors.at(-1)!.reason).toMatch(/Quote Not Closed: the quoted field starting on line \d+ never ends/);
  });
});
