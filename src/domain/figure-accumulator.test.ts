// Deals and activities summed from columns (a reading thread's batches) give every running
// figure, to the last bit, that the same records give one by one.
import { describe, expect, it } from 'vitest';
import { ACTIVITY_COLUMN_NUMBERS, ACTIVITY_COLUMN_TEXTS, DEAL_COLUMN_NUMBERS, DEAL_COLUMN_TEXTS, FigureAccumulator, type ActivityColumns, type ActivityFields, type DealColumns, type DealFields } from './figure-accumulator.ts';
import { ACTIVITY_TYPES, CONTACT_LAYERS, DEAL_STATUSES } from './records.ts';
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

/** An activity of any shape: with or without duration, role and layer; in the window, before it or after asOf. */
function randomActivity(random: ReturnType<typeof createRandom>): ActivityFields {
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

/** The activities as a thread lays them out: labels named as they first come, -1 and NaN where a field is missing. */
function asColumns(activities: readonly ActivityFields[], slots: readonly number[], labels: string[]): Omit<ActivityColumns, 'rows' | 'count'> {
  const code = (text: string | undefined) => {
    if (text === undefined) return -1;
    const known = labels.indexOf(text);
    return known >= 0 ? known : labels.push(text) - 1;
  };
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
    const random = createRandom(21);
    for (let round = 0; round < 40; round++) {
      const model = config({ costs: { hourlyRate: { intern: 17.3 } } });
      const shift = round % 3 === 0 ? 0 : Math.floor(random.next() * 40 - 20) * DAY;
      const byOne = new FigureAccumulator(COMPANIES, model, AS_OF);
      const byColumns = new FigureAccumulator(COMPANIES, model, AS_OF);
      // Labels shared across batches, as one thread's list grows; other texts (deal statuses) among them.
      const labels: string[] = ['won', 'service_contracts'];
      for (let batch = 0; batch < 5; batch++) {
        const activities = Array.from({ length: 1 + Math.floor(random.next() * 60) }, () => randomActivity(random));
        const slots = activities.map(() => Math.floor(random.next() * COMPANIES));
        // Some rows are left out (duplicates, refused rows): only the rows named are added, in their order.
        const all = random.next() < 0.5;
        const rows = all ? null : Int32Array.from(activities.keys()).filter(() => random.next() < 0.7);
        const columns: ActivityColumns = { ...asColumns(activities, slots, labels), rows, count: rows?.length ?? activities.length };
        byColumns.addActivities(columns, shift);
        for (const r of rows ?? activities.keys()) byOne.addActivity(slots[r]!, { ...activities[r]!, occurredAt: activities[r]!.occurredAt + shift });
      }
      const every = Array.from({ length: COMPANIES }, (_, k) => k);
      expect(byColumns.exportSlots(every)).toEqual(byOne.exportSlots(every));
    }
  });

  it('matches a touchpoint only on its channel, layer and role (a missing layer or role matches any)', () => {
    const model = config();
    const accumulator = new FigureAccumulator(1, model, AS_OF);
    const labels = ['visit', 'account_manager', 'operational', 'management'];
    // A visit by management on the operational layer: not A's account visit (account manager); one with no role is.
    const columns: ActivityColumns = { rows: null, count: 2, slots: Int32Array.of(0, 0), numbers: Float64Array.of(AS_OF - 5 * DAY, 30, AS_OF - 9 * DAY, Number.NaN), texts: Int32Array.of(0, 3, 2, 0, -1, 2), labels };
    accumulator.addActivities(columns);
    expect(accumulator.lastContactsFor(0, 'A')).toEqual([AS_OF - 9 * DAY, null, null]);
  });

  it('refuses a type code that names no activity type', () => {
    const accumulator = new FigureAccumulator(1, config(), AS_OF);
    const columns: ActivityColumns = { rows: null, count: 1, slots: Int32Array.of(0), numbers: Float64Array.of(AS_OF, 5), texts: Int32Array.of(0, -1, -1), labels: ['fax'] };
    expect(() => accumulator.addActivities(columns)).toThrow('"fax" is not an activity type');
  });
});

/** A deal of any shape: any status, with or without pipeline, cost, margin, discount and order count; closed any time from six years before asOf to after it. */
function randomDeal(random: ReturnType<typeof createRandom>): DealFields {
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
  const code = (text: string | undefined) => {
    if (text === undefined) return -1;
    const known = labels.indexOf(text);
    return known >= 0 ? known : labels.push(text) - 1;
  };
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
    const random = createRandom(33);
    for (let round = 0; round < 40; round++) {
      // Pipeline defaults set in some rounds (the default config has none).
      const pipelines = round % 2 === 0 ? {} : { service_contracts: 0.35, projects: 0.18 };
      const model = config({ margin: { defaultPct: round % 4 === 1 ? 0.22 : 0.3, pipelines } });
      const shift = round % 3 === 0 ? 0 : Math.floor(random.next() * 40 - 20) * DAY;
      const byOne = new FigureAccumulator(COMPANIES, model, AS_OF);
      const byColumns = new FigureAccumulator(COMPANIES, model, AS_OF);
      const labels: string[] = ['call', 'inside_sales'];
      for (let batch = 0; batch < 5; batch++) {
        const deals = Array.from({ length: 1 + Math.floor(random.next() * 60) }, () => randomDeal(random));
        const slots = deals.map(() => Math.floor(random.next() * COMPANIES));
        const all = random.next() < 0.5;
        const rows = all ? null : Int32Array.from(deals.keys()).filter(() => random.next() < 0.7);
        const columns: DealColumns = { ...dealsAsColumns(deals, slots, labels), rows, count: rows?.length ?? deals.length };
        byColumns.addDeals(columns, shift);
        for (const r of rows ?? deals.keys()) byOne.addDeal(slots[r]!, { ...deals[r]!, closeDate: deals[r]!.closeDate + shift });
      }
      const every = Array.from({ length: COMPANIES }, (_, k) => k);
      const [columns, one] = [byColumns.exportSlots(every), byOne.exportSlots(every)];
      expect(new Uint8Array(columns.buffer)).toEqual(new Uint8Array(one.buffer));
    }
  });
});
