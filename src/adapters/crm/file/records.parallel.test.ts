// deals.csv and activities.csv read by several threads give what the one-thread read gives:
// the same records in the same order, the same errors with the same lines, the same counts
// and notes — also when a cut between two threads' ranges falls inside a quoted field, when
// a duplicate id sits in another range than its first, and when the CSV itself breaks.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchRows } from '../../../app/ports/store.port.ts';
import type { ActivityColumns, ActivityFields, DealColumns, DealFields } from '../../../domain/figure-accumulator.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import { rangeSizes, startParallelRecords, type RecordRows } from './records.parallel.ts';
import { IdSet } from './id-set.ts';
import { ImportErrorLog } from './import-error.ts';
import { batchColumns, emptyBatch, LAYOUTS } from './record-batch.ts';
import { DOT_DECIMAL } from './cell-parsers.ts';
import { streamPortfolioCsv, type ReadOptions, type StreamResult } from './csv.reader.ts';
import { idsFingerprint, readKnownCompanies } from './known-company.ts';
import { writeSamplePortal } from './sample.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
// Small ranges and batches and no size floor, so a small file is cut into many ranges, claimed by two threads and the main thread.
const PARALLEL: ReadOptions = { parallel: { threads: 3, minBytes: 0, minRangeBytes: 2_000, batchRows: 7 } };
const SERIAL: ReadOptions = { parallel: false };
// The same with the main thread reading every other range itself, claimed before the threads start (otherwise it reads those it takes while it waits, as timing has it).
const MAIN_READS: ReadOptions = { parallel: { ...PARALLEL.parallel, mainClaimsEveryOther: true } };

interface Read {
  result: StreamResult;
  activities: { activity: Activity; slot: number }[];
  deals: { deal: Deal; slot: number }[];
  /** How many of them came as columns. */
  asColumns: { deals: number; activities: number };
}

/**
 * How the sink takes records: one reused record each (transient), a record each, the threads'
 * batches as rows, or (transient) their deals and activities as the accumulator's columns.
 */
type Mode = 'transient' | 'records' | 'rows' | 'columns';

/** What the accumulator reads of an activity, as addActivity or addActivities gets it. */
const summed = (a: ActivityFields): ActivityFields => ({ type: a.type, occurredAt: a.occurredAt, durationMinutes: a.durationMinutes, ownerRole: a.ownerRole, contactLayer: a.contactLayer });
/** Likewise of a deal (addDeal or addDeals). */
const dealSummed = (d: DealFields): DealFields => ({ amount: d.amount, closeDate: d.closeDate, status: d.status, pipeline: d.pipeline, cost: d.cost, marginPct: d.marginPct, discount: d.discount, orderCount: d.orderCount });

async function read(dir: string, options: ReadOptions, mode: Mode): Promise<Read> {
  const activities: Read['activities'] = [];
  const deals: Read['deals'] = [];
  const asColumns = { deals: 0, activities: 0 };
  const transient = mode === 'transient' || mode === 'columns';
  // Rows carry no slot; their records are compared without it.
  const NO_SLOT = -2;
  const result = await streamPortfolioCsv(
    dir,
    {
      transient,
      deal: (deal, slot) => void deals.push({ deal: mode === 'columns' ? (dealSummed(deal) as Deal) : transient ? { ...deal } : deal, slot: mode === 'rows' ? NO_SLOT : slot }),
      // A transient sink gets one reused record: keep a copy.
      activity: (activity, slot) => void activities.push({ activity: mode === 'columns' ? (summed(activity) as Activity) : transient ? { ...activity } : activity, slot: mode === 'rows' ? NO_SLOT : slot }),
      ...(mode === 'columns'
        ? {
            dealColumns: ({ rows, count, slots, numbers, texts, labels }: DealColumns) => {
              const text = (code: number) => (code < 0 ? undefined : labels[code]);
              const optional = (value: number) => (Number.isNaN(value) ? undefined : value);
              asColumns.deals += count;
              for (let k = 0; k < count; k++) {
                const r = rows === null ? k : rows[k]!;
                const n = 6 * r;
                const deal = { amount: numbers[n]!, closeDate: numbers[n + 1]!, status: text(texts[2 * r]!), pipeline: text(texts[2 * r + 1]!), cost: optional(numbers[n + 2]!), marginPct: optional(numbers[n + 3]!), discount: optional(numbers[n + 4]!), orderCount: optional(numbers[n + 5]!) };
                deals.push({ deal: dealSummed(deal as DealFields) as Deal, slot: slots[r]! });
              }
            },
            activityColumns: ({ rows, count, slots, numbers, texts, labels }: ActivityColumns) => {
              const text = (code: number) => (code < 0 ? undefined : labels[code]);
              asColumns.activities += count;
              for (let k = 0; k < count; k++) {
                const r = rows === null ? k : rows[k]!;
                const minutes = numbers[2 * r + 1]!;
                const fields = { type: text(texts[3 * r]!), occurredAt: numbers[2 * r]!, durationMinutes: Number.isNaN(minutes) ? undefined : minutes, ownerRole: text(texts[3 * r + 1]!), contactLayer: text(texts[3 * r + 2]!) };
                activities.push({ activity: summed(fields as ActivityFields) as Activity, slot: slots[r]! });
              }
            },
          }
        : {}),
      ...(mode === 'rows'
        ? {
            dealRows: async (rows: BatchRows<Deal>) => {
              for (let k = 0; k < rows.count; k++) rows.fill(k, (deals[deals.push({ deal: {} as Deal, slot: NO_SLOT }) - 1]!.deal));
            },
            activityRows: async (rows: BatchRows<Activity>) => {
              for (let k = 0; k < rows.count; k++) rows.fill(k, (activities[activities.push({ activity: {} as Activity, slot: NO_SLOT }) - 1]!.activity));
            },
          }
        : {}),
    },
    options,
  );
  return { result, activities, deals, asColumns };
}

async function expectSameRead(dir: string): Promise<Read> {
  let serial: Read | undefined;
  // Last the records mode: its serial read is what the callers check further.
  for (const mode of ['transient', 'columns', 'rows', 'records'] as const) {
    serial = await read(dir, SERIAL, mode);
    for (const options of [PARALLEL, MAIN_READS]) {
      const parallel = await read(dir, options, mode);
      expect(parallel.result).toEqual(serial.result);
      expect(parallel.deals.length).toBe(serial.deals.length);
      expect(parallel.deals).toEqual(serial.deals);
      expect(parallel.activities.length).toBe(serial.activities.length);
      expect(parallel.activities).toEqual(serial.activities);
      // The threads' clean batches come as columns (the one-thread read has none to give).
      if (mode === 'columns' && parallel.result.ok) {
        expect(parallel.asColumns.deals > 0).toBe(serial.deals.length > 0);
        expect(parallel.asColumns.activities > 0).toBe(serial.activities.length > 0);
      }
    }
  }
  return serial!;
}

const dirs: string[] = [];
let sample: string;
let sampleActivities: string;
let sampleDeals: string;

beforeAll(async () => {
  sample = await mkdtemp(join(tmpdir(), 'kw-parallel-'));
  dirs.push(sample);
  await writeSamplePortal({ companies: 40, seed: 5, out: sample, asOf: AS_OF });
  sampleActivities = await readFile(join(sample, 'activities.csv'), 'utf8');
  sampleDeals = await readFile(join(sample, 'deals.csv'), 'utf8');
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The sample folder with one file replaced. */
async function withFile(name: 'activities.csv' | 'deals.csv' | 'companies.csv', text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kw-parallel-'));
  dirs.push(dir);
  for (const file of ['companies.csv', 'deals.csv', 'activities.csv', 'relations.csv', 'overrides.csv']) if (file !== name) await writeFile(join(dir, file), await readFile(join(sample, file)));
  await writeFile(join(dir, name), text);
  return dir;
}

const withActivities = (text: string) => withFile('activities.csv', text);
const lines = () => sampleActivities.trimEnd().split('\n');
const dealLines = () => sampleDeals.trimEnd().split('\n');

describe('record batches', () => {
  it('are filled again in the columns the main thread gives back, a deals batch\'s for activities too', () => {
    const deals = emptyBatch(0, 1000, LAYOUTS.deals, undefined);
    const given = batchColumns(deals);
    const activities = emptyBatch(1, 1000, LAYOUTS.activities, given);
    batchColumns(activities).forEach((column, k) => expect(column, `column ${k}`).toBe(given[k]));
    expect([activities.numbers.length, activities.texts.length]).toEqual([2000, 3000]);
    // An activities batch's columns hold too few numbers for deals, and columns for other batch sizes do not fit: new ones then.
    expect(batchColumns(emptyBatch(2, 1000, LAYOUTS.deals, batchColumns(emptyBatch(3, 1000, LAYOUTS.activities, undefined))))[6]).not.toBe(given[6]);
    expect(emptyBatch(4, 500, LAYOUTS.deals, given).numbers.buffer).not.toBe(given[6]);
  });
});

describe('range sizes', () => {
  const MB = 1 << 20;

  it('cover the file: an eighth of a thread\'s share at first, then shrinking towards the end, never under the smallest', () => {
    const bytes = 388 * MB; // the 100k sample's activities.csv
    const sizes = rangeSizes(bytes, 2, 4 * MB);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(bytes);
    expect(sizes[0]).toBe(Math.ceil(bytes / 16));
    for (let k = 1; k < sizes.length - 1; k++) expect(sizes[k], `range ${k}`).toBeLessThanOrEqual(sizes[k - 1]!);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(4 * MB);
    // The last ranges are the smallest: the main thread's last one keeps it busy briefly while the others have nothing left.
    expect(sizes.slice(-4).every((size) => size < 1.5 * 4 * MB)).toBe(true);
    expect(sizes.length).toBeGreaterThan(16);
  });

  it('are one range for a file smaller than the smallest, and never leave a sliver at the end', () => {
    expect(rangeSizes(3 * MB, 2, 4 * MB)).toEqual([3 * MB]);
    expect(rangeSizes(9 * MB, 2, 4 * MB)).toEqual([4 * MB, 5 * MB]);
    expect(rangeSizes(0, 2, 4 * MB)).toEqual([]);
  });
});

describe('deals.csv and activities.csv read in threads', () => {
  it('are cut into ranges for the threads to claim when they are big enough, and read on the main thread otherwise', async () => {
    const threaded = await startParallelRecords(sample, DOT_DECIMAL, { threads: 3, minBytes: 0, minRangeBytes: 2_000 });
    expect(threaded?.threads).toBe(3);
    expect(threaded?.files).toEqual(['deals', 'activities']);
    expect(threaded?.ranges).toBeGreaterThan(3 * 8); // up to eight per thread and file, of 2,000 bytes at least
    await threaded?.stop();
    expect(await startParallelRecords(sample, DOT_DECIMAL, { threads: 3 })).toBeNull(); // under 32 MB
    expect(await startParallelRecords(sample, DOT_DECIMAL, { threads: 1, minBytes: 0 })).toBeNull();
    const badHeader = await startParallelRecords(await withActivities('id,company,type\n'), DOT_DECIMAL, { threads: 3, minBytes: 0 }); // a header the main thread reports
    expect(badHeader?.files).toEqual(['deals']);
    await badHeader?.stop();
  });

  it('reads ranges on the main thread too: every other one when it claims them first', async () => {
    const known = await readKnownCompanies(join(sample, 'companies.csv'));
    for (const mainClaimsEveryOther of [true, false]) {
      const records = await startParallelRecords(sample, DOT_DECIMAL, { threads: 2, minBytes: 0, minRangeBytes: 2_000, batchRows: 7, mainClaimsEveryOther });
      if (!records) throw new Error('expected the sample to be read in threads');
      records.begin(known);
      // The thread gets a head start: it claims what it can before this one takes anything (it stops when it is far enough ahead).
      await new Promise((resolve) => setTimeout(resolve, 500));
      let taken = 0;
      const rows = (): RecordRows<never> => ({
        log: new ImportErrorLog(),
        ids: new IdSet(),
        duplicateReason: 'duplicate',
        dutch: null,
        transient: true,
        deliver: () => void taken++,
        deliverColumns: (_file, _batch, _rows, count) => void (taken += count),
        readRow: () => undefined,
      });
      await records.read('deals', rows());
      await records.read('activities', rows());
      await records.stop();
      // Every row once, whoever read it.
      expect(taken, `every other: ${mainClaimsEveryOther}`).toBe(dealLines().length - 1 + lines().length - 1);
      expect(records.threads).toBe(2);
      // Claimed first, every other range is the main thread's to read (no thread takes it); otherwise it reads those it claims while it waits.
      const odd = Array.from({ length: Math.floor(records.ranges / 2) }, (_, k) => 2 * k + 1);
      if (mainClaimsEveryOther) expect(odd.filter((k) => !records.readHere.includes(k))).toEqual([]);
    }
  });

  it('gives the one-thread read of a valid folder: every record, in order, with its slot', async () => {
    const serial = await expectSameRead(sample);
    if (!serial.result.ok) throw new Error('expected the sample to read');
    // Each company's slot is its position in the companies read, as the records were handed over with.
    const { frame, slots } = serial.result;
    expect(frame.companies.map((c) => slots.get(c.id))).toEqual(frame.companies.map((_, k) => k));
    expect(serial.deals.every(({ deal, slot }) => slots.get(deal.companyId) === slot)).toBe(true);
    expect(slots.get('no-such-company')).toBeUndefined();
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

  it('lets the threads read the companies\' ids themselves: the same ids in the same slots as the reader keeps', async () => {
    const companies = (await readFile(join(sample, 'companies.csv'), 'utf8')).trimEnd().split('\n');
    // A byte order mark, CRLF, a quoted id with a comma and an id written with spaces around it.
    const [header, first, second, ...rest] = companies;
    const edited = [header, first!.replace(/^[^,]+/, '"c-1,5"'), second!.replace(/^[^,]+/, ' c-2 '), ...rest].join('\r\n');
    const dir = await withFile('companies.csv', `\ufeff${edited}\r\n`);
    const kept: string[] = [];
    const read = await streamPortfolioCsv(dir, { transient: true, companies: (cs) => void kept.push(...cs.map((c) => c.id)), deal() {}, activity() {} }, SERIAL);
    expect(read.ok).toBe(false); // the deals and activities of the renamed companies now dangle
    expect(kept.slice(0, 2)).toEqual(['c-1,5', ' c-2 ']);
    expect((await readKnownCompanies(join(dir, 'companies.csv'))).ids).toEqual(kept);
    expect(idsFingerprint((await readKnownCompanies(join(dir, 'companies.csv'))).ids)).toBe(idsFingerprint(kept));
    expect(idsFingerprint(kept.slice(1))).not.toBe(idsFingerprint(kept));
  });

  it('reads rows of every shape as the checked reader does (most are read straight from their bytes in the threads)', async () => {
    const [header, ...rows] = lines();
    const companies = rows.map((row) => row.split(',')[1]!);
    const shapes = {
      type: ['call', 'visit', 'ticket', 'CALL', '"email"', 'fax', ''],
      occurredAt: ['2026-05-01', '2026-05-01T10:00:00.000Z', '2026-05-01T10:00:00Z', '2026-05-01 10:00', '2026-02-30', '"2026-06-01"', ''],
      duration: ['', '0', '12.5', '30', '-3', '1e2', '007', '"15"', '1,5'],
      role: ['', 'account_manager', 'inside_sales', 'brand_new_role', '"quoted role"', 'Ünïcode rôle'],
      layer: ['', 'decision', 'management', 'operational', 'ceo', '"decision"'],
    };
    let seed = 7;
    const pick = <T,>(xs: readonly T[]): T => xs[((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % xs.length]!;
    const made = Array.from({ length: 1500 }, (_, i) => [`x-${i}`, pick(companies), pick(shapes.type), pick(shapes.occurredAt), pick(shapes.duration), pick(shapes.role), pick(shapes.layer)].join(','));
    // The bad shapes are refused with errors; the rest must come out the same, value for value.
    const serial = await expectSameRead(await withActivities(`${header}\n${made.join('\n')}\n`));
    expect(serial.result.ok).toBe(false);
    expect(serial.activities.length).toBeGreaterThan(200);
    expect(new Set(serial.activities.map((a) => a.activity.ownerRole))).toContain('Ünïcode rôle');
  });

  it('reads activities with semicolons, CRLF, another column order and a column of someone else\'s as the checked reader does', async () => {
    const [header, ...rows] = lines();
    const names = header!.split(',');
    const order = ['type', 'occurred_at', 'id', 'note', 'company_id', 'owner_role', 'duration_minutes', 'contact_layer'];
    const cell = (cells: string[], name: string, k: number) => (name === 'note' ? (k % 7 === 0 ? '"a note; with a semicolon"' : `note ${k}`) : cells[names.indexOf(name)]!);
    const made = rows.map((row, k) => order.map((name) => cell(row.split(','), name, k)).join(';'));
    const serial = await expectSameRead(await withActivities(`${order.join(';')}\r\n${made.join('\r\n')}\r\n`));
    expect(serial.result.ok).toBe(true);
    expect(serial.activities.length).toBe(rows.length);
    expect(serial.activities.map((a) => a.activity.id)).toEqual(rows.map((row) => row.split(',')[0]));
  });

  it('reads deals of every shape as the checked reader does (most are read straight from their bytes in the threads)', async () => {
    const [header, ...rows] = dealLines();
    const companies = rows.map((row) => row.split(',')[1]!);
    const shapes = {
      amount: ['1736.67', '0', '-12.5', '1e3', '"99.10"', '', '12.345', 'abc', '007'],
      closeDate: ['2026-03-17', '2026-03-17T10:00:00.000Z', '2026-02-30', '2026-03-17 10:00', '"2026-01-01"', ''],
      status: ['won', 'lost', 'open', 'WON', '"won"', '', 'maybe'],
      pipeline: ['', 'default', 'service_contracts', 'brand_new_pipeline', '"quoted pipeline"', 'Ünïcode pijplijn'],
      cost: ['', '0', '12.5', '-3', '"15"', '1e2'],
      marginPct: ['', '0.3', '-0.2', '1.5', '"0.25"', 'x'],
      discount: ['', '10', '322.39', '-1', '"5"'],
      orderCount: ['', '1', '3', '2.5', '-1', '007', '"4"'],
    };
    let seed = 11;
    const pick = <T,>(xs: readonly T[]): T => xs[((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % xs.length]!;
    const made = Array.from({ length: 3000 }, (_, i) =>
      [`x-${i}`, pick(companies), pick(shapes.amount), pick(shapes.closeDate), pick(shapes.status), pick(shapes.pipeline), pick(shapes.cost), pick(shapes.marginPct), pick(shapes.discount), pick(shapes.orderCount)].join(','),
    );
    // Rows of plain, valid cells most of the time, so that every optional cell is seen filled and empty on the fast path.
    const plain = Array.from({ length: 1500 }, (_, i) =>
      [`y-${i}`, pick(companies), pick(['10.25', '99', '1736.67']), pick(['2026-03-17', '2025-11-30T08:15:00.000Z']), pick(['won', 'lost', 'open']), pick(['', 'default', 'service_contracts']), pick(['', '0', '12.5']), pick(['', '0.3']), pick(['', '10', '322.39']), pick(['', '1', '3'])].join(','),
    );
    const serial = await expectSameRead(await withFile('deals.csv', `${header}\n${[...made, ...plain].join('\n')}\n`));
    expect(serial.result.ok).toBe(false);
    expect(serial.deals.length).toBeGreaterThan(1500);
    const pipelines = new Set(serial.deals.map((d) => d.deal.pipeline));
    for (const p of ['Ünïcode pijplijn', 'quoted pipeline', 'brand_new_pipeline', undefined]) expect(pipelines).toContain(p);
    expect(serial.deals.some((d) => d.deal.marginPct === 0.25)).toBe(true);
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

  it('reports deals.csv as the one-thread read does: duplicates, refused cells, a CSV fault', async () => {
    const [header, ...rows] = dealLines();
    const broken = [...rows];
    broken[rows.length - 2] = rows[1]!;
    broken[Math.floor(rows.length / 2)] = rows[5]!.replace(/,(won|lost|open),/, ',maybe,');
    broken[Math.floor(rows.length / 3)] = rows[6]!.replace(/,c-\d+,/, ',c-999999,');
    broken[Math.floor(rows.length * 0.7)] = broken[Math.floor(rows.length * 0.7)]!.replace(',', ',x"y');
    const serial = await expectSameRead(await withFile('deals.csv', `${header}\n${broken.join('\n')}\n`));
    expect(serial.result.ok).toBe(false);
    if (serial.result.ok) return;
    expect(serial.result.errors.map((e) => e.reason)).toEqual([
      'duplicate: an earlier row has the same id', // the copied row keeps its id
      'no company with this id in companies.csv',
      'duplicate: an earlier row has the same id',
      'expected one of won, lost, open',
      expect.stringMatching(/^malformed CSV: Invalid Opening Quote/),
    ]);
    expect(serial.deals.length).toBe(Math.floor(rows.length * 0.7) - 2);
  });

  it('notes amounts that look Dutch on the same lines', async () => {
    const [header, ...rows] = dealLines();
    // Amounts with cents, and a few like 14.873 (fourteen thousand with a thousands dot?) across the file.
    const dutch = rows.map((row, i) => (i % 97 === 5 ? row.replace(/^([^,]*,[^,]*,)[^,]*,/, `$1${10 + (i % 7)}.873,`) : row.replace(/^([^,]*,[^,]*,)(\d+),/, '$1$2.25,')));
    const serial = await expectSameRead(await withFile('deals.csv', `${header}\n${dutch.join('\n')}\n`));
    expect(serial.result.ok).toBe(true);
    expect(serial.result.notes.join('\n')).toMatch(/deals.csv column amount: line 7 \(15.873\), line 104 \(14.873\), line 201 .* read as 15.873/);
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
