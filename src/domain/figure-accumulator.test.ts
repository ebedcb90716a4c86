// Deals and activities summed from columns (a reading thread's batches) give every running
// figure, to the last bit, that the same records give one by one.
import { describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMN_NUMBERS, ACTIVITY_COLUMN_TEXTS, DEAL_COLUMN_NUMBERS, DEAL_COLUMN_TEXTS, FigureAccumulator, type ActivityColumns, type ActivityFields, type DealColumns, type DealFields } from './figure-accumulator.ts';
import { ACTIVITY_TYPES, CONTACT_LAYERS, DEAL_STATUSES } from './records.ts';
import type { ValueModelConfig } from './model-config.ts';
import { AS_OF, config } from './testing/builders.ts';

const COMPANIES = 7;
const ROLES = ['account_manager', 'management', 'inside_sales', 'customer_service', 'intern', 'field_sales'];
const DAY = 86_400_000;

/** A small seeded generator (the domain imports nothing from outside it, tests included). */
function createRandom(seed: number) {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  return { next, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}
type Random = ReturnType<typeof createRandom>;

/** An activity of any shape: with or without duration, role and layer; in the window, before it or after asOf. */
function randomActivity(random: Random): ActivityFields {
  const activity: ActivityFields = {
    type: random.pick(ACTIVITY_TYPES),
    // From 500 days before asOf to 30 after, at any millisecond.
    occurredAt: AS_OF - Math.floor(random.next() * 530 * DAY) + 30 * DAY,
  };
  if (random.next() < 0.7) activity.durationMinutes = random.pick([0, 5, 7, 12.5, 33, 61, 240]);
  if (random.next() < 0.8) activity.ownerRole = random.pick(ROLES);
  if (random.next() < 0.7) activity.contactLayer = random.pick(CONTACT_LAYERS);
  return activity;
}

/** A text's code in `labels`, as a thread names its labels: in the order they first come; -1 for no text. */
function labelCode(labels: string[]): (text: string | undefined) => number {
  return (text) => {
    if (text === undefined) return -1;
    const known = labels.indexOf(text);
    return known >= 0 ? known : labels.push(text) - 1;
  };
}


/** What one kind of record needs to be checked as columns against one by one. */
interface ColumnsCase<R> {
  seed: number;
  /** The config of a round. */
  model(round: number): ValueModelConfig;
  /** Labels the thread named before (texts of the other file among them). */
  labels: string[];
  record(random: Random): R;
  asColumns(records: readonly R[], slots: readonly number[], labels: string[]): Omit<ActivityColumns, 'rows' | 'count'>;
  addColumns(accumulator: FigureAccumulator, columns: ActivityColumns, shift: number): void;
  addOne(accumulator: FigureAccumulator, slot: number, record: R, shift: number): void;
}

/**
 * 40 rounds of five batches of random records (dates shifted in most rounds), each batch added
 * as columns to one accumulator and record by record to another: their running figures must be
 * the same bytes.
 */
function expectColumnsAsOneByOne<R>(c: ColumnsCase<R>): void {
  const random = createRandom(c.seed);
  const every = Array.from({ length: COMPANIES }, (_, k) => k);
  for (let round = 0; round < 40; round++) {
    const model = c.model(round);
    const shift = round % 3 === 0 ? 0 : Math.floor(random.next() * 40 - 20) * DAY;
    const byOne = new FigureAccumulator(COMPANIES, model, AS_OF);
    const byColumns = new FigureAccumulator(COMPANIES, model, AS_OF);
    // Labels shared across batches, as one thread's list grows.
    const labels = [...c.labels];
    for (let batch = 0; batch < 5; batch++) {
      const records = Array.from({ length: 1 + Math.floor(random.next() * 60) }, () => c.record(random));
      const slots = records.map(() => Math.floor(random.next() * COMPANIES));
      // Some rows are left out (duplicates, refused rows): only the rows named are added, in their order.
      const rows = random.next() < 0.5 ? null : Int32Array.from(records.keys()).filter(() => random.next() < 0.7);
      c.addColumns(byColumns, { ...c.asColumns(records, slots, labels), rows, count: rows?.length ?? records.length }, shift);
      for (const r of rows ?? records.keys()) c.addOne(byOne, slots[r]!, records[r]!, shift);
    }
    expect(new Uint8Array(byColumns.exportSlots(every).buffer)).toEqual(new Uint8Array(byOne.exportSlots(every).buffer));
  }
}

/** The activities as a thread lays them out: labels named as they first come, -1 and NaN where a field is missing. */
function asColumns(activities: readonly ActivityFields[], slots: readonly number[], labels: string[]): Omit<ActivityColumns, 'rows' | 'count'> {
  const code = labelCode(labels);
  const numbers = new Float64Array(activities.length * ACTIVITY_COLUMN_NUMBERS.length);
  const texts = new Int32Array(activities.length * ACTIVITY_COLUMN_TEXTS.length);
  activities.forEach((a, r) => {
    numbers[2 * r] = a.occurredAt;
    numbers[2 * r + 1] = a.durationMinutes ?? Number.NaN;
    texts[3 * r] = code(a.type);
    texts[3 * r + 1] = code(a.ownerRole);
    texts[3 * r + 2] = code(a.contactLayer);
  });
  return { slots: Int32Array.from(slots), numbers, texts, labels };
}

describe('activities added as columns', () => {
  it('give the running figures that adding them one by one gives, to the last bit', () => {
    expectColumnsAsOneByOne<ActivityFields>({
      seed: 21,
      model: () => config({ costs: { hourlyRate: { intern: 17.3 } } }),
      labels: ['won', 'service_contracts'],
      record: randomActivity,
      asColumns,
      addColumns: (accumulator, columns, shift) => accumulator.addActivities(columns, shift),
      addOne: (accumulator, slot, activity, shift) => accumulator.addActivity(slot, { ...activity, occurredAt: activity.occurredAt + shift }),
    });
  });

  it('matches a touchpoint only on its channel, layer and role (a missing layer or role matches any)', () => {
    const model = config();
    const accumulator = new FigureAccumulator(1, model, AS_OF);
    const labels = ['visit', 'account_manager', 'operational', 'management'];
    // A visit by management on the operational layer: not A's account visit (account manager); one with no role is.
    const columns: ActivityColumns = { rows: null, count: 2, slots: Int32Array.of(0, 0), numbers: Float64Array.of(AS_OF - 5 * DAY, 30, AS_OF - 9 * DAY, Number.NaN), texts: Int32Array.of(0, 3, 2, 0, -1, 2), labels };
    accumulator.addActivities(columns);
    expect([0, 1, 2].map((t) => accumulator.lastContact(0, 'A', t))).toEqual([AS_OF - 9 * DAY, null, null]);
  });

  it('refuses a type code that names no activity type', () => {
    const accumulator = new FigureAccumulator(1, config(), AS_OF);
    const columns: ActivityColumns = { rows: null, count: 1, slots: Int32Array.of(0), numbers: Float64Array.of(AS_OF, 5), texts: Int32Array.of(0, -1, -1), labels: ['fax'] };
    expect(() => accumulator.addActivities(columns)).toThrow('"fax" is not an activity type');
  });
});

/** A deal of any shape: any status, with or without pipeline, cost, margin, discount and order count; closed any time from six years before asOf to after it. */
function randomDeal(random: Random): DealFields {
  const deal: DealFields = {
    amount: Math.round(random.next() * 1e7) / 100,
    closeDate: AS_OF - Math.floor(random.next() * 6 * 366 * DAY) + 40 * DAY,
    status: random.pick(DEAL_STATUSES),
  };
  if (random.next() < 0.7) deal.pipeline = random.pick(['default', 'service_contracts', 'projects', 'unknown_pipeline']);
  if (random.next() < 0.3) deal.cost = Math.round(random.next() * 5e6) / 100;
  if (random.next() < 0.3) deal.marginPct = random.pick([0, 0.125, 0.3, 1]);
  if (random.next() < 0.5) deal.discount = Math.round(random.next() * 1e5) / 100;
  if (random.next() < 0.5) deal.orderCount = random.pick([0, 1, 2, 7]);
  return deal;
}

/** The deals as a thread lays them out (as asColumns does activities). */
function dealsAsColumns(deals: readonly DealFields[], slots: readonly number[], labels: string[]): Omit<DealColumns, 'rows' | 'count'> {
  const code = labelCode(labels);
  const numbers = new Float64Array(deals.length * DEAL_COLUMN_NUMBERS.length);
  const texts = new Int32Array(deals.length * DEAL_COLUMN_TEXTS.length);
  deals.forEach((d, r) => {
    numbers.set([d.amount, d.closeDate, d.cost ?? Number.NaN, d.marginPct ?? Number.NaN, d.discount ?? Number.NaN, d.orderCount ?? Number.NaN], 6 * r);
    texts[2 * r] = code(d.status);
    texts[2 * r + 1] = code(d.pipeline);
  });
  return { slots: Int32Array.from(slots), numbers, texts, labels };
}

describe('deals added as columns', () => {
  it('give the running figures that adding them one by one gives, to the last bit', () => {
    expectColumnsAsOneByOne<DealFields>({
      seed: 33,
      // Pipeline defaults in some rounds (the default config has none), another global default in some.
      model: (round) => config({ margin: { defaultPct: round % 4 === 1 ? 0.22 : 0.3, pipelines: round % 2 === 0 ? {} : { service_contracts: 0.35, projects: 0.18 } } }),
      labels: ['call', 'inside_sales'],
      record: randomDeal,
      asColumns: dealsAsColumns,
      addColumns: (accumulator, columns, shift) => accumulator.addDeals(columns, shift),
      addOne: (accumulator, slot, deal, shift) => accumulator.addDeal(slot, { ...deal, closeDate: deal.closeDate + shift }),
    });
  });
});
