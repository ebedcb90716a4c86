// Segmentation against the population (§3.3): D for loss-makers, then A/B/C by Pareto or
// by score. The population's figures are condensed into a Ranking once; every company is
// then classified against it — the full run and an incremental run share this path.
import type { ScoreElement, ValueModelConfig } from './model-config.ts';
import type { Segment } from './records.ts';

/** What ranking needs to know of a company; a stored CompanyResult has all of it. */
export interface RankedFigures {
  companyId: string;
  isCustomer: boolean;
  revenue: number;
  grossMargin: number;
  netContribution: number;
  clv: number;
  strategicValue: number;
  growthPotential: number;
  totalValue: number;
  shareOfWallet: number | null;
  retention: number;
  satisfaction: number | null;
}

export interface Ranking {
  customers: number;
  /** Total value of every customer (D included), highest first: value rank is a position in it. */
  totalsDesc: Float64Array;
  /** How many of the highest-ranked A customers form the pyramid's top. */
  topCount: number;
  /** Lowest total value inside A and inside B (Infinity when the group is empty). */
  minA: number;
  minB: number;
  /** Lowest growth potential inside the top quartile of customers. */
  growthTopQuartileMin: number;
  /** Per score element, the non-D customers' known values, ascending. */
  elementValues: Map<ScoreElement, Float64Array>;
}

export interface Classification {
  segmentComputed: Segment | null;
  valueRank: number | null;
  valueScore: number | null;
  inTop: boolean;
  growthTopQuartile: boolean;
}

/** D first: a customer that costs more than everything it brings (seeds 000 and 004). */
export function isLossMaking(f: RankedFigures): boolean {
  return f.isCustomer && f.netContribution + f.strategicValue < 0;
}

export function elementValue(f: RankedFigures, element: ScoreElement): number | null {
  switch (element) {
    case 'revenue': return f.revenue;
    case 'gross_margin': return f.grossMargin;
    case 'net_contribution': return f.netContribution;
    case 'clv': return f.clv;
    case 'strategic_value': return f.strategicValue;
    case 'growth_potential': return f.growthPotential;
    case 'share_of_wallet': return f.shareOfWallet;
    case 'retention': return f.retention;
    case 'satisfaction': return f.satisfaction;
  }
}

export function buildRanking(population: readonly RankedFigures[], config: ValueModelConfig): Ranking {
  const builder = new RankingBuilder(config);
  for (const f of population) builder.add(f);
  return builder.build();
}

/**
 * A Ranking made from companies handed over one at a time: only the few numbers ranking reads
 * are kept per company (typed columns), so a sharded run can rank millions of companies read
 * from a table without holding their figures. buildRanking is this over a list.
 */
export class RankingBuilder {
  readonly #config: ValueModelConfig;
  readonly #elements: readonly ScoreElement[];
  readonly #customerTotals = new Column();
  readonly #growth = new Column();
  readonly #otherTotals = new Column();
  readonly #elementValues: Column[];

  constructor(config: ValueModelConfig) {
    this.#config = config;
    // Only the score method reads them; sorting every element costs real time at 100k companies.
    this.#elements = config.segmentation.method === 'score' ? config.segmentation.score.elements.map((e) => e.element) : [];
    this.#elementValues = this.#elements.map(() => new Column());
  }

  add(f: RankedFigures): void {
    if (!f.isCustomer) return;
    this.#customerTotals.push(f.totalValue);
    this.#growth.push(f.growthPotential);
    if (isLossMaking(f)) return;
    this.#otherTotals.push(f.totalValue);
    for (let k = 0; k < this.#elements.length; k++) {
      const v = elementValue(f, this.#elements[k]!);
      if (v !== null) this.#elementValues[k]!.push(v);
    }
  }

  build(): Ranking {
    const config = this.#config;
    const totalsDesc = this.#customerTotals.values().sort().reverse();
    const customers = totalsDesc.length;

    let minA = Number.POSITIVE_INFINITY;
    let minB = Number.POSITIVE_INFINITY;
    const otherTotals = this.#otherTotals.values().sort().reverse();
    const sum = otherTotals.reduce((a, b) => a + b, 0);
    const { a, b } = config.segmentation.pareto;
    let greater = 0; // Σ of strictly greater totals
    for (let i = 0; i < otherTotals.length; ) {
      const value = otherTotals[i]!;
      let j = i;
      let group = 0;
      while (j < otherTotals.length && otherTotals[j] === value) group += otherTotals[j++]!;
      if (greater < a * sum) minA = value;
      else if (greater < b * sum) minB = value;
      greater += group;
      i = j;
    }
    if (minB > minA) minB = minA;

    const growthDesc = this.#growth.values().sort().reverse();
    let growthTopQuartileMin = Number.POSITIVE_INFINITY;
    for (let i = 0; i < growthDesc.length; ) {
      const value = growthDesc[i]!;
      if (i >= 0.25 * growthDesc.length) break; // i = how many are strictly greater
      growthTopQuartileMin = value;
      while (i < growthDesc.length && growthDesc[i] === value) i++;
    }

    const elementValues = new Map<ScoreElement, Float64Array>();
    this.#elements.forEach((element, k) => elementValues.set(element, this.#elementValues[k]!.values().sort()));

    return {
      customers,
      totalsDesc,
      topCount: Math.max(1, Math.ceil(config.pyramid.topShare * customers)),
      minA,
      minB,
      growthTopQuartileMin,
      elementValues,
    };
  }
}

/** A growable column of numbers (doubling typed array). */
class Column {
  #data = new Float64Array(1024);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const grown = new Float64Array(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.#length++] = value;
  }

  /** The values pushed, as a typed array of their own. */
  values(): Float64Array {
    return this.#data.slice(0, this.#length);
  }
}

export function classify(f: RankedFigures, ranking: Ranking, config: ValueModelConfig): Classification {
  if (!f.isCustomer) return { segmentComputed: null, valueRank: null, valueScore: null, inTop: false, growthTopQuartile: false };
  const valueRank = 1 + countGreater(ranking.totalsDesc, f.totalValue);
  const growthTopQuartile = f.growthPotential > 0 && f.growthPotential >= ranking.growthTopQuartileMin;
  if (isLossMaking(f)) return { segmentComputed: 'D', valueRank, valueScore: null, inTop: false, growthTopQuartile };

  let segmentComputed: Segment;
  let valueScore: number | null = null;
  if (config.segmentation.method === 'pareto') {
    segmentComputed = f.totalValue >= ranking.minA ? 'A' : f.totalValue >= ranking.minB ? 'B' : 'C';
  } else {
    valueScore = scoreOf(f, ranking, config);
    const { thresholds } = config.segmentation.score;
    segmentComputed = valueScore >= thresholds.A ? 'A' : valueScore >= thresholds.B ? 'B' : 'C';
  }
  return { segmentComputed, valueRank, valueScore, inTop: segmentComputed === 'A' && valueRank <= ranking.topCount, growthTopQuartile };
}

/**
 * Seed 003's scoring: each element gets 1–5 by quintile among the non-D customers (ties
 * share a score, by mid-rank), weighted into 0–100. Unknown elements drop out of the weights.
 */
function scoreOf(f: RankedFigures, ranking: Ranking, config: ValueModelConfig): number {
  let weighted = 0;
  let weights = 0;
  for (const { element, weight } of config.segmentation.score.elements) {
    const value = elementValue(f, element);
    const sorted = ranking.elementValues.get(element);
    if (value === null || !sorted || sorted.length === 0) continue;
    const less = lowerBound(sorted, value);
    const equal = upperBound(sorted, value) - less;
    const percentile = (less + equal / 2) / sorted.length;
    const score = Math.min(5, 1 + Math.floor(5 * percentile));
    weighted += weight * ((score - 1) / 4) * 100;
    weights += weight;
  }
  return weights > 0 ? weighted / weights : 0;
}

/** How many entries of a descending array are strictly greater than value. */
function countGreater(desc: Float64Array, value: number): number {
  let lo = 0;
  let hi = desc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (desc[mid]! > value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(asc: Float64Array, value: number): number {
  let lo = 0;
  let hi = asc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (asc[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(asc: Float64Array, value: number): number {
  let lo = 0;
  let hi = asc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (asc[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
