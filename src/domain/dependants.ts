// Who reads whose figures (§3.7): referral and influence value are shares of other companies'
// margin and revenue, so when a company changes, the companies that referred or influence it
// (and its parent, with strategic.parentInfluence) change too. Every incremental path asks
// this one function which companies to recompute beyond the changed ones.
import type { ValueModelConfig } from './model-config.ts';
import type { Company, Relation, RelationKind } from './records.ts';

/** What dependentCompanies reads: the relations pointing at the changed companies, and those companies (for their parent). */
export interface DependencyLinks {
  companies: readonly Pick<Company, 'id' | 'parentId'>[];
  relations: readonly Relation[];
}

/** Whether a relation's `from` company takes part of its `to` company's figures (§3.1 strategic value). */
export function readsFigures(kind: RelationKind, strategic: Pick<ValueModelConfig['strategic'], 'parentInfluence'>): boolean {
  return kind !== 'parent' || strategic.parentInfluence;
}

/**
 * The companies, other than the changed ones, whose figures depend on a changed company:
 * those that referred or influence it, and its parent when strategic.parentInfluence is on.
 * One level is enough: strategic value reads only others' own revenue and margin.
 */
export function dependentCompanies(changed: ReadonlySet<string>, links: DependencyLinks, strategic: Pick<ValueModelConfig['strategic'], 'parentInfluence'>): Set<string> {
  const dependants = new Set<string>();
  for (const r of links.relations) {
    if (changed.has(r.toCompanyId) && readsFigures(r.kind, strategic)) dependants.add(r.fromCompanyId);
  }
  if (strategic.parentInfluence) {
    for (const c of links.companies) if (c.parentId !== undefined && changed.has(c.id)) dependants.add(c.parentId);
  }
  for (const id of changed) dependants.delete(id);
  return dependants;
}
