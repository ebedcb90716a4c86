// The filter groups of an incremental company search that leave out our own writes: a company
// whose kw_calculated_at is a write-back's stamp and whose last change lies within that
// write-back's window changed only by us. Filter groups are ORed, their filters ANDed; HubSpot
// allows 5 groups, 6 filters in a group and 18 in all.
import { HUBSPOT_LIMITS } from '../client/hubspot.paths.ts';
import type { WriteSet } from '../write/hubspot.echo-log.ts';
import { MODIFIED_AT } from './hubspot.objects.ts';

export const STAMP_PROPERTY = 'kw_calculated_at';

export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
}

/** Groups for one group's worth of filters plus k excluded write sets. */
function groups(keyset: Filter[], sets: readonly WriteSet[]): Filter[][] {
  return [
    // Not written by any of these write-backs (another stamp)…
    [...keyset, ...sets.map((s) => ({ propertyName: STAMP_PROPERTY, operator: 'NEQ', value: String(s.stamp) }))],
    // …or never written by us (NEQ does not match an empty property)…
    [...keyset, { propertyName: STAMP_PROPERTY, operator: 'NOT_HAS_PROPERTY' }],
    // …or written by one of them and changed again after it ended.
    ...sets.map((s) => [...keyset, { propertyName: STAMP_PROPERTY, operator: 'EQ', value: String(s.stamp) }, { propertyName: MODIFIED_AT, operator: 'GT', value: String(s.to) }]),
  ];
}

function fits(candidate: Filter[][]): boolean {
  return (
    candidate.length <= HUBSPOT_LIMITS.searchFilterGroups &&
    candidate.every((g) => g.length <= HUBSPOT_LIMITS.searchFiltersPerGroup) &&
    candidate.reduce((n, g) => n + g.length, 0) <= HUBSPOT_LIMITS.searchFilters
  );
}

/**
 * The filter groups for `keyset` (this page's bound on hs_lastmodifieddate) without the echoes
 * of `sets`. The largest write-backs are excluded first; those that do not fit in HubSpot's
 * limits are simply read (their companies come back as changes, costing calls, losing nothing).
 */
export function withoutEchoes(keyset: Filter[], sets: readonly WriteSet[]): Filter[][] {
  if (keyset.length === 0 || sets.length === 0) return keyset.length > 0 ? [keyset] : [];
  const largest = [...sets].sort((a, b) => b.count - a.count);
  for (let k = largest.length; k > 0; k--) {
    const candidate = groups(keyset, largest.slice(0, k));
    if (fits(candidate)) return candidate;
  }
  return [keyset];
}
