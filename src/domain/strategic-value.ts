// Strategic value (§3.1, Kumar's customer engagement value): what a company brings
// through others — the customers it referred and the spend it influences — plus the
// worth of a reference name and of co-development.
import { readsFigures } from './dependants.ts';
import type { ValueModelConfig } from './model-config.ts';
import type { Company, Relation } from './records.ts';

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

/**
 * Strategic value of each company in `indexOf`. `figuresOf` gives the revenue and margin
 * of any company a relation points at (it may be outside the set being computed).
 */
export function computeStrategicValues(
  companies: readonly Company[],
  relations: readonly Relation[],
  figuresOf: (companyId: string) => OwnFigures | undefined,
  indexOf: ReadonlyMap<string, number>,
  config: ValueModelConfig,
): StrategicValue[] {
  const { strategic } = config;
  const referral = new Float64Array(companies.length);
  const influence = new Float64Array(companies.length);
  for (const r of distinctRelations(companies, relations)) {
    const i = indexOf.get(r.fromCompanyId);
    if (i === undefined || !readsFigures(r.kind, strategic)) continue;
    const other = figuresOf(r.toCompanyId);
    if (!other) continue;
    if (r.kind === 'referral') referral[i]! += other.grossMargin * strategic.referralShare;
    else influence[i]! += other.revenue * strategic.influenceShare;
  }
  return companies.map((c, i) => {
    const referenceValue = c.isReference ? strategic.referenceBonus : 0;
    const knowledgeValue = c.codevelopment ? strategic.knowledgeBonus : 0;
    const referralValue = referral[i]!;
    const influenceValue = influence[i]!;
    return {
      referralValue,
      influenceValue,
      referenceValue,
      knowledgeValue,
      strategicValue: referralValue + influenceValue + referenceValue + knowledgeValue,
    };
  });
}
