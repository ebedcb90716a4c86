// Strategic value (§3.1, Kumar's customer engagement value): what a company brings
// through others — the customers it referred and the spend it influences — plus the
// worth of a reference name and of co-development.
import { readsFigures } from './dependants.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Company, Relation, SlotIndex } from './records.ts';

export interface StrategicValue {
  referralValue: number;
  influenceValue: number;
  referenceValue: number;
  knowledgeValue: number;
  strategicValue: number;
}

export interface OwnFigures {
  revenue: number;
  grossMargin: number;
}

/** Relations from the relation list and from companies' parentId, each counted once. */
export function distinctRelations(companies: readonly Company[], relations: readonly Relation[]): Relation[] {
  const seen = new Set<string>();
  const out: Relation[] = [];
  const add = (r: Relation) => {
    const key = `${r.kind}\u0000${r.fromCompanyId}\u0000${r.toCompanyId}`;
    if (seen.has(key) || r.fromCompanyId === r.toCompanyId) return;
    seen.add(key);
    out.push(r);
  };
  for (const r of relations) add(r);
  for (const c of companies) if (c.parentId) add({ fromCompanyId: c.parentId, toCompanyId: c.id, kind: 'parent' });
  return out;
}

/** Per company slot, the referral and influence value it draws from others. */
export interface StrategicShares {
  referral: Float64Array;
  influence: Float64Array;
  /** The referral and influence value others draw from the company in this slot through relation rows (what parting with it loses them). */
  toOthers: Float64Array;
}

/**
 * The referral and influence value of each company in `indexOf`, as typed arrays by slot
 * (one pass over the relations). `figuresOf` gives the revenue and margin of any company a
 * relation points at (it may be outside the set being computed).
 */
export function strategicShares(
  companies: readonly Company[],
  relations: readonly Relation[],
  figuresOf: (companyId: string) => OwnFigures | undefined,
  indexOf: SlotIndex,
  config: ValueModelConfig,
): StrategicShares {
  const { strategic } = config;
  const referral = new Float64Array(companies.length);
  const influence = new Float64Array(companies.length);
  const toOthers = new Float64Array(companies.length);
  for (const r of distinctRelations(companies, relations)) {
    const i = indexOf.get(r.fromCompanyId);
    if (i === undefined || !readsFigures(r.kind, strategic)) continue;
    const other = figuresOf(r.toCompanyId);
    if (!other) continue;
    if (r.kind === 'referral') referral[i]! += other.grossMargin * strategic.referralShare;
    else influence[i]! += other.revenue * strategic.influenceShare;
  }
  // What others draw from a company, over the relation rows only: an incremental run loads the
  // companies on the other side of a target's relations, but not the parent its parentId names,
  // so a parent's share (strategic.parentInfluence) is left out here in every run alike.
  for (const r of distinctRelations([], relations)) {
    const j = indexOf.get(r.toCompanyId);
    if (j === undefined || indexOf.get(r.fromCompanyId) === undefined || !readsFigures(r.kind, strategic)) continue;
    const other = figuresOf(r.toCompanyId);
    if (other) toOthers[j]! += r.kind === 'referral' ? other.grossMargin * strategic.referralShare : other.revenue * strategic.influenceShare;
  }
  return { referral, influence, toOthers };
}

/** A company's strategic value: its referral and influence shares plus the reference and co-development bonuses. */
export function strategicValueOf(company: Company, shares: StrategicShares, slot: number, config: ValueModelConfig): StrategicValue {
  const referenceValue = company.isReference ? config.strategic.referenceBonus : 0;
  const knowledgeValue = company.codevelopment ? config.strategic.knowledgeBonus : 0;
  const referralValue = shares.referral[slot]!;
  const influenceValue = shares.influence[slot]!;
  return {
    referralValue,
    influenceValue,
    referenceValue,
    knowledgeValue,
    strategicValue: referralValue + influenceValue + referenceValue + knowledgeValue,
  };
}
