// The engine's one pass over the records: each deal and activity is added to its company's
// running figures — revenue, margin, orders, discounts and retention periods (§3.1), the
// cost lines (§3.2) and the last contact per touchpoint (§3.5) — and then forgotten. So a run
// never needs a portfolio's millions of records at once: a CSV file or a store can stream
// them in, in any order across companies. Per company, records are summed in the order they
// come, the same order a list of records gives, so every figure is the same to the last bit.
import { COST_LINES, LINE_OF, rateOf } from './cost-to-serve.ts';
import { matchesTouchpoint } from './contact-schedule.ts';
import { dealMargin, emptyDealFigures, retentionOf, type DealFigures } from './deal-figures.ts';
import type { Touchpoint, ValueModelConfig } from './model-config.ts';
import { ACTIVITY_TYPES, SEGMENTS, type Activity, type ActivityType, type Deal, type Instant, type Segment } from './records.ts';
import type { ActivityCounts, CostBreakdown, CostLine } from './results.ts';
import { subtractMonths, trailingWindow, type Window } from './time.ts';

/** What the accumulator reads of a deal (not its id or company: the caller gives the slot). */
export type DealFields = Pick<Deal, 'amount' | 'closeDate' | 'status' | 'pipeline' | 'cost' | 'marginPct' | 'discount' | 'orderCount'>;
/** What the accumulator reads of an activity. */
export type ActivityFields = Pick<Activity, 'type' | 'occurredAt' | 'durationMinutes' | 'ownerRole' | 'contactLayer'>;

/** The numbers of one row of DealColumns, in this order. */
export const DEAL_COLUMN_NUMBERS = ['amount', 'closeDate', 'cost', 'marginPct', 'discount', 'orderCount'] as const satisfies readonly (keyof DealFields)[];
/** The texts of one row of DealColumns, in this order, as places in its labels. */
export const DEAL_COLUMN_TEXTS = ['status', 'pipeline'] as const satisfies readonly (keyof DealFields)[];

/** The numbers of one row of ActivityColumns, in this order. */
export const ACTIVITY_COLUMN_NUMBERS = ['occurredAt', 'durationMinutes'] as const satisfies readonly (keyof ActivityFields)[];
/** The texts of one row of ActivityColumns, in this order, as places in its labels. */
export const ACTIVITY_COLUMN_TEXTS = ['type', 'ownerRole', 'contactLayer'] as const satisfies readonly (keyof ActivityFields)[];

/**
 * Activities as columns (the rows a CSV reading thread hands over): row r's numbers at
 * numbers[2r …] and its texts at texts[3r …], in the orders above — a missing duration is
 * NaN, a missing text −1, any other text its place in `labels`. Summed with addActivities
 * exactly as addActivity sums the same records one by one, without an object per row.
 */
export interface ActivityColumns {
  /** The rows to add, in this order (their places in the columns); null: rows 0 … count − 1. */
  rows: Int32Array | null;
  count: number;
  /** Each row's company. */
  slots: Int32Array;
  numbers: Float64Array;
  texts: Int32Array;
  /** Every text a code stands for; the list may grow between calls (codes stay). */
  labels: readonly string[];
}

/**
 * Deals as columns, laid out as ActivityColumns are: row r's numbers at numbers[6r …] and its
 * texts at texts[2r …], in the orders of DEAL_COLUMN_NUMBERS and DEAL_COLUMN_TEXTS (a missing
 * cost, margin, discount or order count is NaN, a missing pipeline −1). Summed with addDeals
 * exactly as addDeal sums the same deals one by one.
 */
export type DealColumns = ActivityColumns;

/** What a label code stands for to addDeals: by code + 1 (0: no text). */
interface DealLabelTables {
  labels: readonly string[];
  size: number;
  /** The deal status the text is: OPEN, WON, or OTHER (lost, or no status). */
  statuses: Uint8Array;
  /** The margin of a deal of this pipeline without cost or margin of its own (pipeline default, else the global one). */
  margins: Float64Array;
}

const OTHER = 0;
const OPEN = 1;
const WON = 2;

/** What a label code stands for to addActivities: looked up once per label, not per row. */
interface LabelTables {
  labels: readonly string[];
  /** How many of the labels the tables hold. */
  size: number;
  /** By code + 1 (0: no text): the activity type's costs, or undefined for a text that is no type. */
  types: (TypeCosts | undefined)[];
  /** By code + 1: the hourly rate of the role. */
  rates: number[];
  /** By (code + 1) × touchpoints + k: 1 when the layer (or no layer) matches touchpoint k's. */
  layerMatches: Uint8Array;
  /** Likewise for the role and touchpoint k's `who`. */
  roleMatches: Uint8Array;
}

/** Each cost line's place in a company's LINES numbers. */
const LINE = Object.fromEntries(COST_LINES.map((line, i) => [line, i])) as Record<CostLine, number>;
const LINES = COST_LINES.length;
const TYPES = ACTIVITY_TYPES.length;
const TYPE_INDEX = Object.fromEntries(ACTIVITY_TYPES.map((type, i) => [type, i])) as Record<ActivityType, number>;
/** The per-company scalars in exportSlot's order: revenue … firstWon. */
const SCALARS = 9;

/** What an activity of one type adds (§3.2, §3.5), looked up once per activity. */
interface TypeCosts {
  /** Its time's cost line. */
  line: number;
  /** Its place among a company's activity counts. */
  count: number;
  /** The minutes of one without a duration. */
  defaultMinutes: number;
  /** The line of its fixed cost per activity (travel for a visit, ticket handling for a ticket), −1: none. */
  fixedLine: number;
  fixedCost: number;
  /** The touchpoints (of any segment) of its channel. */
  touchpoints: number[];
}

/** The touchpoints of every segment side by side; an activity is checked only against those of its channel. */
class TouchpointTable {
  readonly all: Touchpoint[];
  readonly offset: Record<Segment, number>;
  readonly byType: Record<ActivityType, number[]>;

  constructor(config: ValueModelConfig) {
    const schedule = config.contacts.schedule;
    this.all = SEGMENTS.flatMap((s) => schedule[s]);
    let at = 0;
    const offset = {} as Record<Segment, number>;
    for (const s of SEGMENTS) {
      offset[s] = at;
      at += schedule[s].length;
    }
    this.offset = offset;
    const byType = {} as Record<ActivityType, number[]>;
    for (const type of ACTIVITY_TYPES) byType[type] = this.all.flatMap((t, k) => (t.channel === type ? [k] : []));
    this.byType = byType;
  }
}

export class FigureAccumulator {
  readonly companyCount: number;
  /** How many numbers one company's running figures take (exportSlot/importSlot). */
  readonly slotWidth: number;
  private readonly config: ValueModelConfig;
  private readonly asOf: Instant;
  private readonly window: Window;
  private readonly yearBefore: Window;
  /** periodEnds[k] is the end of the k-th 12-month period counted back from asOf. */
  private readonly periodEnds: Instant[];
  private readonly touchpoints: TouchpointTable;
  private readonly types: Record<ActivityType, TypeCosts>;
  private readonly rates = new Map<string | undefined, number>();
  /** addActivities' tables per list of labels (each reading thread has its own list). */
  private readonly labelTables: LabelTables[] = [];
  /** addDeals' likewise. */
  private readonly dealLabelTables: DealLabelTables[] = [];

  private readonly revenue: Float64Array;
  private readonly grossMargin: Float64Array;
  private readonly wonDeals: Int32Array;
  private readonly orders: Float64Array;
  private readonly discounts: Float64Array;
  private readonly revenueYearBefore: Float64Array;
  /** Bit 0: a won deal ever (up to asOf); bit 1: an open deal. */
  private readonly flags: Uint8Array;
  /** Bit k: a won deal in retention period k. */
  private readonly wonPeriods: Uint32Array;
  private readonly firstWon: Float64Array;
  /** LINES cost lines per company, in COST_LINES order. */
  private readonly costs: Float64Array;
  /** The last contact per company per touchpoint of any segment (−∞: never). */
  private readonly lastContacts: Float64Array;
  /** ACTIVITY_TYPES.length counts per company: the activities of each type in the window (the what-ifs' volumes). */
  private readonly activityCounts: Int32Array;

  constructor(companyCount: number, config: ValueModelConfig, asOf: Instant) {
    this.companyCount = companyCount;
    this.slotWidth = slotWidthFor(config);
    this.config = config;
    this.asOf = asOf;
    this.window = trailingWindow(asOf, config.window.months);
    this.yearBefore = trailingWindow(subtractMonths(asOf, 12), config.window.months);
    this.periodEnds = Array.from({ length: config.retention.years + 1 }, (_, k) => subtractMonths(asOf, 12 * k));
    this.touchpoints = new TouchpointTable(config);
    const costs = config.costs;
    this.types = Object.fromEntries(
      ACTIVITY_TYPES.map((type): [ActivityType, TypeCosts] => [
        type,
        {
          line: LINE[LINE_OF[type]],
          count: TYPE_INDEX[type],
          defaultMinutes: costs.defaultMinutes[type],
          fixedLine: type === 'visit' ? LINE.travel : type === 'ticket' ? LINE.tickets : -1,
          fixedCost: type === 'visit' ? costs.travelCost : type === 'ticket' ? costs.ticketCost : 0,
          touchpoints: this.touchpoints.byType[type],
        },
      ]),
    ) as Record<ActivityType, TypeCosts>;
    this.revenue = new Float64Array(companyCount);
    this.grossMargin = new Float64Array(companyCount);
    this.wonDeals = new Int32Array(companyCount);
    this.orders = new Float64Array(companyCount);
    this.discounts = new Float64Array(companyCount);
    this.revenueYearBefore = new Float64Array(companyCount);
    this.flags = new Uint8Array(companyCount);
    this.wonPeriods = new Uint32Array(companyCount);
    this.firstWon = new Float64Array(companyCount).fill(Number.POSITIVE_INFINITY);
    this.costs = new Float64Array(companyCount * LINES);
    this.lastContacts = new Float64Array(companyCount * this.touchpoints.all.length).fill(Number.NEGATIVE_INFINITY);
    this.activityCounts = new Int32Array(companyCount * TYPES);
  }

  /** §3.1: a won deal closed in the window adds revenue, margin, an order and its discount; any won deal counts for retention. */
  addDeal(slot: number, deal: DealFields): void {
    if (deal.status === 'open') {
      this.flags[slot]! |= 2;
      return;
    }
    const closed = deal.closeDate;
    if (deal.status !== 'won' || closed > this.asOf) return;
    if (this.addWon(slot, closed, deal.amount)) this.addInWindow(slot, deal.amount, dealMargin(deal, this.config), deal.orderCount ?? 1, deal.discount ?? 0);
  }

  /**
   * The rows of `columns`, in order, each summed as addDeal sums it (the same operations in
   * the same order, so the same figures to the last bit); `shift` is added to every closeDate.
   */
  addDeals(columns: DealColumns, shift = 0): void {
    const { statuses, margins } = this.dealTablesFor(columns.labels);
    const { rows, count, slots, numbers, texts } = columns;
    const asOf = this.asOf;
    for (let k = 0; k < count; k++) {
      const r = rows === null ? k : rows[k]!;
      const slot = slots[r]!;
      const status = statuses[texts[2 * r]! + 1]!;
      if (status === OPEN) {
        this.flags[slot]! |= 2;
        continue;
      }
      const n = 6 * r;
      const closed = numbers[n + 1]! + shift;
      if (status !== WON || closed > asOf) continue;
      const amount = numbers[n]!;
      if (!this.addWon(slot, closed, amount)) continue;
      // dealMargin: the deal's cost, else its margin, else its pipeline's (or the global) default.
      const cost = numbers[n + 2]!;
      const marginPct = numbers[n + 3]!;
      const margin = !Number.isNaN(cost) ? amount - cost : amount * (!Number.isNaN(marginPct) ? marginPct : margins[texts[2 * r + 1]! + 1]!);
      const orderCount = numbers[n + 5]!;
      const discount = numbers[n + 4]!;
      this.addInWindow(slot, amount, margin, Number.isNaN(orderCount) ? 1 : orderCount, Number.isNaN(discount) ? 0 : discount);
    }
  }

  /** A won deal closed by asOf: retention and the year before; whether it closed in the window. */
  private addWon(slot: number, closed: Instant, amount: number): boolean {
    this.flags[slot]! |= 1;
    if (closed < this.firstWon[slot]!) this.firstWon[slot] = closed;
    const periodEnds = this.periodEnds;
    for (let k = 0; k + 1 < periodEnds.length; k++) {
      if (closed > periodEnds[k + 1]!) {
        this.wonPeriods[slot]! |= 1 << k;
        break;
      }
    }
    if (closed > this.yearBefore.start && closed <= this.yearBefore.end) this.revenueYearBefore[slot]! += amount;
    return closed > this.window.start && closed <= this.window.end;
  }

  /** A won deal closed in the window: its revenue, margin, orders and discount. */
  private addInWindow(slot: number, amount: number, margin: number, orders: number, discount: number): void {
    this.revenue[slot]! += amount;
    this.grossMargin[slot]! += margin;
    this.wonDeals[slot]! += 1;
    this.orders[slot]! += orders;
    this.discounts[slot]! += discount;
  }

  /** addDeals' tables for `labels`, brought up to its length. */
  private dealTablesFor(labels: readonly string[]): DealLabelTables {
    const tables = this.dealLabelTables.find((t) => t.labels === labels);
    if (tables && tables.size === labels.length) return tables;
    const statuses = new Uint8Array(labels.length + 1);
    const margins = new Float64Array(labels.length + 1);
    margins[0] = dealMargin({ amount: 1, cost: undefined, marginPct: undefined, pipeline: undefined }, this.config);
    for (let code = 0; code < labels.length; code++) {
      const text = labels[code]!;
      statuses[code + 1] = text === 'open' ? OPEN : text === 'won' ? WON : OTHER;
      margins[code + 1] = dealMargin({ amount: 1, cost: undefined, marginPct: undefined, pipeline: text }, this.config);
    }
    const made: DealLabelTables = { labels, size: labels.length, statuses, margins };
    if (tables) this.dealLabelTables[this.dealLabelTables.indexOf(tables)] = made;
    else this.dealLabelTables.push(made);
    return made;
  }

  /** §3.2 and §3.5: time at the role's rate (plus travel or ticket handling) in the window; the last contact of each touchpoint it matches. */
  addActivity(slot: number, activity: ActivityFields): void {
    const at = activity.occurredAt;
    const type = this.types[activity.type];
    if (at > this.window.start && at <= this.window.end) {
      let rate = this.rates.get(activity.ownerRole);
      if (rate === undefined) {
        rate = rateOf(activity.ownerRole, this.config);
        this.rates.set(activity.ownerRole, rate);
      }
      const minutes = activity.durationMinutes ?? type.defaultMinutes;
      const base = slot * LINES;
      this.costs[base + type.line]! += (minutes * rate) / 60;
      this.activityCounts[slot * TYPES + type.count]! += 1;
      if (type.fixedLine >= 0) this.costs[base + type.fixedLine]! += type.fixedCost;
    }
    if (at > this.asOf) return;
    const candidates = type.touchpoints;
    if (candidates.length === 0) return;
    const width = this.touchpoints.all.length;
    for (const k of candidates) {
      const t = this.touchpoints.all[k]!;
      const i = slot * width + k;
      if (at > this.lastContacts[i]! && matchesTouchpoint(activity, t)) this.lastContacts[i] = at;
    }
  }

  /**
   * The rows of `columns`, in order, each summed as addActivity sums it (the same operations
   * in the same order, so the same figures to the last bit); `shift` is added to every
   * occurredAt (a sample folder moved to another day).
   */
  addActivities(columns: ActivityColumns, shift = 0): void {
    const tables = this.tablesFor(columns.labels);
    const { rows, count, slots, numbers, texts } = columns;
    const { types, rates, layerMatches, roleMatches } = tables;
    const { start, end } = this.window;
    const asOf = this.asOf;
    const width = this.touchpoints.all.length;
    const costs = this.costs;
    const lastContacts = this.lastContacts;
    for (let k = 0; k < count; k++) {
      const r = rows === null ? k : rows[k]!;
      const slot = slots[r]!;
      const at = numbers[2 * r]! + shift;
      const type = types[texts[3 * r]! + 1];
      if (type === undefined) throw new Error(`addActivities: "${columns.labels[texts[3 * r]!]}" is not an activity type`);
      const role = texts[3 * r + 1]! + 1;
      if (at > start && at <= end) {
        const duration = numbers[2 * r + 1]!;
        const minutes = Number.isNaN(duration) ? type.defaultMinutes : duration;
        const base = slot * LINES;
        costs[base + type.line]! += (minutes * rates[role]!) / 60;
        this.activityCounts[slot * TYPES + type.count]! += 1;
        if (type.fixedLine >= 0) costs[base + type.fixedLine]! += type.fixedCost;
      }
      if (at > asOf) continue;
      const candidates = type.touchpoints;
      if (candidates.length === 0) continue;
      const layer = (texts[3 * r + 2]! + 1) * width;
      const who = role * width;
      for (let c = 0; c < candidates.length; c++) {
        const t = candidates[c]!;
        const i = slot * width + t;
        if (at > lastContacts[i]! && layerMatches[layer + t] === 1 && roleMatches[who + t] === 1) lastContacts[i] = at;
      }
    }
  }

  /** The tables for `labels`, brought up to its length (a thread names new labels as it reads). */
  private tablesFor(labels: readonly string[]): LabelTables {
    const tables = this.labelTables.find((t) => t.labels === labels);
    if (tables && tables.size === labels.length) return tables;
    const all = this.touchpoints.all;
    const width = all.length;
    const size = labels.length + 1;
    const types: (TypeCosts | undefined)[] = [undefined];
    const rates = [rateOf(undefined, this.config)];
    const layerMatches = new Uint8Array(size * width);
    const roleMatches = new Uint8Array(size * width);
    // No text matches every touchpoint (matchesTouchpoint: an activity without a layer or role is any).
    layerMatches.fill(1, 0, width);
    roleMatches.fill(1, 0, width);
    for (let code = 0; code < labels.length; code++) {
      const text = labels[code]!;
      types.push(Object.hasOwn(this.types, text) ? this.types[text as ActivityType] : undefined);
      rates.push(rateOf(text, this.config));
      for (let k = 0; k < width; k++) {
        layerMatches[(code + 1) * width + k] = all[k]!.layer === text ? 1 : 0;
        roleMatches[(code + 1) * width + k] = all[k]!.who === text ? 1 : 0;
      }
    }
    const made: LabelTables = { labels, size: labels.length, types, rates, layerMatches, roleMatches };
    if (tables) this.labelTables[this.labelTables.indexOf(tables)] = made;
    else this.labelTables.push(made);
    return made;
  }

  /**
   * One company's running figures as plain numbers, exactly (a shard of a run stores them, so
   * another process can go on from them without reading the records again).
   */
  exportSlot(slot: number): Float64Array {
    const out = new Float64Array(this.slotWidth);
    this.exportSlotInto(slot, out, 0);
    return out;
  }

  /** The running figures of these slots, one after another (slotWidth numbers each): fromSlots reads them back. */
  exportSlots(slots: readonly number[]): Float64Array {
    const width = this.slotWidth;
    const out = new Float64Array(slots.length * width);
    for (let k = 0; k < slots.length; k++) this.exportSlotInto(slots[k]!, out, k * width);
    return out;
  }

  /** An accumulator of exportSlots' companies (slot k holds its k-th), for the same config and asOf. */
  static fromSlots(state: Float64Array, config: ValueModelConfig, asOf: Instant): FigureAccumulator {
    const width = slotWidthFor(config);
    if (state.length % width !== 0) throw new Error(`running figures of ${state.length} numbers are not whole companies of ${width} numbers for this config`);
    const count = state.length / width;
    const accumulator = new FigureAccumulator(count, config, asOf);
    for (let k = 0; k < count; k++) accumulator.importSlot(k, state.subarray(k * width, (k + 1) * width));
    return accumulator;
  }

  private exportSlotInto(slot: number, out: Float64Array, start: number): void {
    out[start] = this.revenue[slot]!;
    out[start + 1] = this.grossMargin[slot]!;
    out[start + 2] = this.wonDeals[slot]!;
    out[start + 3] = this.orders[slot]!;
    out[start + 4] = this.discounts[slot]!;
    out[start + 5] = this.revenueYearBefore[slot]!;
    out[start + 6] = this.flags[slot]!;
    out[start + 7] = this.wonPeriods[slot]!;
    out[start + 8] = this.firstWon[slot]!;
    let at = start + SCALARS;
    for (let i = 0; i < LINES; i++) out[at++] = this.costs[slot * LINES + i]!;
    const width = this.touchpoints.all.length;
    for (let i = 0; i < width; i++) out[at++] = this.lastContacts[slot * width + i]!;
    for (let i = 0; i < TYPES; i++) out[at++] = this.activityCounts[slot * TYPES + i]!;
  }

  /** Puts back what exportSlot gave (for the same config and asOf) into a slot. */
  importSlot(slot: number, state: Float64Array): void {
    if (state.length !== this.slotWidth) throw new Error(`a company's running figures have ${state.length} numbers; this config needs ${this.slotWidth}`);
    this.revenue[slot] = state[0]!;
    this.grossMargin[slot] = state[1]!;
    this.wonDeals[slot] = state[2]!;
    this.orders[slot] = state[3]!;
    this.discounts[slot] = state[4]!;
    this.revenueYearBefore[slot] = state[5]!;
    this.flags[slot] = state[6]!;
    this.wonPeriods[slot] = state[7]!;
    this.firstWon[slot] = state[8]!;
    let at = SCALARS;
    for (let i = 0; i < LINES; i++) this.costs[slot * LINES + i] = state[at++]!;
    const width = this.touchpoints.all.length;
    for (let i = 0; i < width; i++) this.lastContacts[slot * width + i] = state[at++]!;
    for (let i = 0; i < TYPES; i++) this.activityCounts[slot * TYPES + i] = state[at++]!;
  }

  revenueOf(slot: number): number {
    return this.revenue[slot]!;
  }

  grossMarginOf(slot: number): number {
    return this.grossMargin[slot]!;
  }

  /** The company's deal figures with its retention (§3.1). */
  dealFigures(slot: number): DealFigures {
    const f = emptyDealFigures(this.config.retention.default);
    f.revenue = this.revenue[slot]!;
    f.grossMargin = this.grossMargin[slot]!;
    f.wonDeals = this.wonDeals[slot]!;
    f.orders = this.orders[slot]!;
    f.discounts = this.discounts[slot]!;
    f.revenueYearBefore = this.revenueYearBefore[slot]!;
    f.wonEver = (this.flags[slot]! & 1) !== 0;
    f.hasOpenDeal = (this.flags[slot]! & 2) !== 0;
    if (f.wonEver) f.retention = retentionOf(this.wonPeriods[slot]!, this.firstWon[slot]!, this.periodEnds, this.config.retention.max);
    return f;
  }

  /** The company's cost lines from its activities, order handling and discounts (§3.2). */
  costBreakdown(slot: number): CostBreakdown {
    const c = this.costs;
    const base = slot * LINES;
    // A literal of nulls, then filled: every company's object has the same shape, its fields
    // able to hold any number from the first one on, so a whole amount (most lines are 0) is
    // kept as a small integer and only a fraction takes a number object of its own. A literal
    // of fractions kept every line as a boxed double: 110 bytes more per result, and
    // bench:engine keeps 100,000 results. A literal of the lines themselves started them as
    // small integers, and V8 threw its optimized code for this away and made it again
    // hundreds of times a run (node --trace-deopt: "Smi").
    const b = { calls: null, meetings: null, visits: null, emails: null, notes: null, tasks: null, tickets: null, travel: null, orderHandling: null, discounts: null } as unknown as CostBreakdown;
    b.calls = c[base + LINE.calls]!;
    b.meetings = c[base + LINE.meetings]!;
    b.visits = c[base + LINE.visits]!;
    b.emails = c[base + LINE.emails]!;
    b.notes = c[base + LINE.notes]!;
    b.tasks = c[base + LINE.tasks]!;
    b.tickets = c[base + LINE.tickets]!;
    b.travel = c[base + LINE.travel]!;
    b.orderHandling = this.orders[slot]! * this.config.costs.orderHandling;
    b.discounts = this.discounts[slot]!;
    return b;
  }

  /** How many activities of each type the company had in the window. */
  activityCountsOf(slot: number): ActivityCounts {
    const n = this.activityCounts;
    const base = slot * TYPES;
    return {
      call: n[base + TYPE_INDEX.call]!,
      meeting: n[base + TYPE_INDEX.meeting]!,
      visit: n[base + TYPE_INDEX.visit]!,
      email: n[base + TYPE_INDEX.email]!,
      note: n[base + TYPE_INDEX.note]!,
      task: n[base + TYPE_INDEX.task]!,
      ticket: n[base + TYPE_INDEX.ticket]!,
    };
  }

  /** The last contact for touchpoint `t` of the segment's list; null when never. */
  lastContact(slot: number, segment: Segment, t: number): Instant | null {
    const v = this.lastContacts[slot * this.touchpoints.all.length + this.touchpoints.offset[segment] + t]!;
    return v === Number.NEGATIVE_INFINITY ? null : v;
  }
}

/** How many numbers one company's running figures take under the config (exportSlot): the scalars, cost lines, touchpoints of every segment and activity counts. */
function slotWidthFor(config: ValueModelConfig): number {
  return SCALARS + LINES + SEGMENTS.reduce((sum, s) => sum + config.contacts.schedule[s].length, 0) + TYPES;
}
