// CRM search as HubSpot answers it: filter groups (OR of ANDs), one sort, ≤ 200 per page,
// offset paging through `after`, and a 400 past the 10,000th result.
import { compareIds, type ObjectTable, type StoredRecord } from './portal.ts';

export interface Filter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}

export interface SearchRequest {
  filterGroups?: { filters: Filter[] }[];
  sorts?: { propertyName: string; direction?: string }[];
  properties?: string[];
  limit?: number;
  after?: string | number;
}

export type SearchAnswer = { status: 200; body: unknown } | { status: 400; body: unknown };

const CAP = 10_000;

function valueOf(record: StoredRecord, name: string): string | null {
  if (name === 'hs_object_id') return record.id;
  if (name === 'hs_lastmodifieddate') return String(record.modifiedAt);
  return record.properties[name] ?? null;
}

function compare(stored: string, wanted: string): number {
  const a = Number(stored);
  const b = Number(wanted);
  if (stored.trim() !== '' && wanted.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b;
  const date = Date.parse(stored);
  if (!Number.isNaN(date) && Number.isFinite(b)) return date - b;
  return stored < wanted ? -1 : stored > wanted ? 1 : 0;
}

function matches(record: StoredRecord, filter: Filter): boolean {
  const value = valueOf(record, filter.propertyName);
  const wanted = filter.value ?? '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return value !== null;
    case 'NOT_HAS_PROPERTY':
      return value === null;
    case 'IN':
      return value !== null && (filter.values ?? []).includes(value);
    case 'EQ':
      return value !== null && compare(value, wanted) === 0;
    case 'NEQ':
      // Played strictly: a record without the property does not match (NOT_HAS_PROPERTY does).
      return value !== null && compare(value, wanted) !== 0;
    case 'GT':
      return value !== null && compare(value, wanted) > 0;
    case 'GTE':
      return value !== null && compare(value, wanted) >= 0;
    case 'LT':
      return value !== null && compare(value, wanted) < 0;
    case 'LTE':
      return value !== null && compare(value, wanted) <= 0;
    default:
      throw new Error(`operator ${filter.operator} is not simulated`);
  }
}

const error = (message: string): SearchAnswer => ({ status: 400, body: { status: 'error', message, category: 'VALIDATION_ERROR', correlationId: 'simulated' } });

export function search(table: ObjectTable, request: SearchRequest): SearchAnswer {
  const limit = request.limit ?? 10;
  const after = Number(request.after ?? 0);
  if (limit > 200) return error(`limit must be at most 200 (was ${limit})`);
  if (after + limit > CAP) return error(`The maximum number of results the search API can return is ${CAP}; narrow the query.`);
  const groups = request.filterGroups ?? [];
  if (groups.length > 5) return error('at most 5 filter groups');
  if (groups.some((g) => g.filters.length > 6)) return error('at most 6 filters in a filter group');
  if (groups.reduce((n, g) => n + g.filters.length, 0) > 18) return error('at most 18 filters in all filter groups together');
  const keep = (r: StoredRecord) => groups.length === 0 || groups.some((g) => g.filters.every((f) => matches(r, f)));
  const sort = request.sorts?.[0];
  let candidates: StoredRecord[];
  if (!sort || (sort.propertyName === 'hs_lastmodifieddate' && sort.direction !== 'DESCENDING')) {
    // The records are kept in this order: start at the lower bound instead of filtering everything.
    const all = table.byModified();
    const bound = lowerBound(groups);
    let start = 0;
    if (bound !== null) {
      let lo = 0;
      let hi = all.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (all[mid]!.modifiedAt < bound) lo = mid + 1;
        else hi = mid;
      }
      start = lo;
    }
    candidates = [];
    for (let i = start; i < all.length && candidates.length < after + limit + 1; i++) if (keep(all[i]!)) candidates.push(all[i]!);
  } else {
    const direction = sort.direction === 'DESCENDING' ? -1 : 1;
    candidates = table
      .byModified()
      .filter(keep)
      .sort((a, b) => direction * (sort.propertyName === 'hs_object_id' ? compareIds(a.id, b.id) : compare(valueOf(a, sort.propertyName) ?? '', valueOf(b, sort.propertyName) ?? '')));
  }
  const page = candidates.slice(after, after + limit);
  const more = candidates.length > after + limit;
  return {
    status: 200,
    body: {
      total: more ? Math.max(candidates.length, after + limit + 1) : after + page.length,
      results: page.map((r) => table.view(r, request.properties ?? [])),
      ...(more ? { paging: { next: { after: String(after + limit) } } } : {}),
    },
  };
}

/** The smallest hs_lastmodifieddate every filter group requires, if each one sets one. */
function lowerBound(groups: { filters: Filter[] }[]): number | null {
  if (groups.length === 0) return null;
  let bound = Infinity;
  for (const group of groups) {
    const own = group.filters
      .filter((f) => f.propertyName === 'hs_lastmodifieddate' && ['GT', 'GTE', 'EQ'].includes(f.operator))
      .map((f) => Number(f.value));
    if (own.length === 0 || own.some((v) => !Number.isFinite(v))) return null;
    bound = Math.min(bound, Math.max(...own));
  }
  return bound;
}
