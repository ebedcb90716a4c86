// The dashboard's customer list: search, filter, sort and page the latest results on the
// server, so a portal of 100,000 companies sends the browser one page at a time. Customers
// come first and the other companies after them, whatever the sort: a non-customer's total
// value is potential, and ranking it among earned values would mislead.
import { z } from 'zod';
import { AppError } from '../../app/errors.ts';
import { ownerLabel, type OwnerNames } from '../../app/owner-names.ts';
import type { Instant, Segment } from '../../domain/records.ts';
import { SEGMENTS } from '../../domain/records.ts';
import { ACTION_CODES, PYRAMID_LEVELS, SERVICE_FLAGS, type ActionCode, type CompanyResult, type PyramidLevel, type ServiceFlag } from '../../domain/results.ts';

/** One company as the list shows it: the figures of its latest result, nothing recomputed. */
export interface CustomerRow {
  companyId: string;
  name: string;
  ownerId: string | null;
  /** Bought in the window; the others' values are potential. */
  isCustomer: boolean;
  /** The owner by name ("First Last"), or the id when the CRM names no one. */
  owner: string | null;
  segment: Segment | null;
  segmentComputed: Segment | null;
  overridden: boolean;
  pyramidLevel: PyramidLevel;
  revenue: number;
  grossMargin: number;
  costToServe: number;
  netContribution: number;
  costToServeRatio: number | null;
  clv: number;
  strategicValue: number;
  totalValue: number;
  shareOfWallet: number | null;
  valueRank: number | null;
  serviceFlag: ServiceFlag;
  recommendedAction: ActionCode;
  contactOverdue: boolean;
  nextContactDate: Instant | null;
}

export function customerRow(r: CompanyResult, owners: OwnerNames = {}): CustomerRow {
  return {
    companyId: r.companyId,
    name: r.name,
    ownerId: r.ownerId,
    isCustomer: r.isCustomer,
    owner: r.ownerId === null ? null : ownerLabel(owners, r.ownerId),
    segment: r.segment,
    segmentComputed: r.segmentComputed,
    overridden: r.override !== null,
    pyramidLevel: r.pyramidLevel,
    revenue: r.revenue,
    grossMargin: r.grossMargin,
    costToServe: r.costToServe,
    netContribution: r.netContribution,
    costToServeRatio: r.costToServeRatio,
    clv: r.clv,
    strategicValue: r.strategicValue,
    totalValue: r.totalValue,
    shareOfWallet: r.shareOfWallet,
    valueRank: r.valueRank,
    serviceFlag: r.serviceFlag,
    recommendedAction: r.recommendedAction,
    contactOverdue: r.contactOverdue,
    nextContactDate: r.nextContactDate,
  };
}

/** The owner filter's value for companies without an owner (the report's label for them). */
export const NO_OWNER = '(no owner)';

const TEXT_SORTS = ['name', 'companyId', 'ownerId', 'segment', 'pyramidLevel'] as const;
const ASCENDING_NUMBER_SORTS = ['valueRank', 'nextContactDate'] as const;
const NUMBER_SORTS = ['revenue', 'grossMargin', 'costToServe', 'netContribution', 'costToServeRatio', 'clv', 'strategicValue', 'totalValue', 'shareOfWallet'] as const;
export const CUSTOMER_SORTS = [...TEXT_SORTS, ...ASCENDING_NUMBER_SORTS, ...NUMBER_SORTS] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

const customerQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  segment: z.enum([...SEGMENTS, 'none']).optional(),
  flag: z.enum(SERVICE_FLAGS).optional(),
  action: z.enum(ACTION_CODES).optional(),
  owner: z.string().max(200).optional(),
  level: z.enum(PYRAMID_LEVELS).optional(),
  sort: z.enum(CUSTOMER_SORTS).default('totalValue'),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type CustomerQuery = z.infer<typeof customerQuerySchema> & { dir: 'asc' | 'desc' };

/** Parses the list's query string; empty form fields mean "no filter". */
export function parseCustomerQuery(query: Record<string, unknown>): CustomerQuery {
  const present = Object.fromEntries(Object.entries(query).filter(([, v]) => typeof v === 'string' && v.trim() !== ''));
  const parsed = customerQuerySchema.safeParse(present);
  if (!parsed.success) {
    throw new AppError('request.invalid', parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '));
  }
  return { ...parsed.data, dir: parsed.data.dir ?? defaultDirection(parsed.data.sort) };
}

export function defaultDirection(sort: CustomerSort): 'asc' | 'desc' {
  return (NUMBER_SORTS as readonly string[]).includes(sort) ? 'desc' : 'asc';
}

export interface CustomerPage {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  sort: CustomerSort;
  dir: 'asc' | 'desc';
  rows: CustomerRow[];
}

export function customerPage(all: readonly CustomerRow[], query: CustomerQuery): CustomerPage {
  const needle = query.q?.toLowerCase();
  const matches = all.filter(
    (r) =>
      (!needle || r.name.toLowerCase().includes(needle) || r.companyId.toLowerCase().includes(needle)) &&
      (!query.segment || (query.segment === 'none' ? r.segment === null : r.segment === query.segment)) &&
      (!query.flag || r.serviceFlag === query.flag) &&
      (!query.action || r.recommendedAction === query.action) &&
      (!query.owner || (r.ownerId ?? NO_OWNER) === query.owner) &&
      (!query.level || r.pyramidLevel === query.level),
  );
  const key = sortKey(query.sort);
  const sign = query.dir === 'asc' ? 1 : -1;
  // Keys are read once per row, not once per comparison: sorting 100,000 names stays quick.
  const keyed = matches.map((row) => ({ row, key: key(row) }));
  keyed.sort((a, b) => {
    if (a.row.isCustomer !== b.row.isCustomer) return a.row.isCustomer ? -1 : 1;
    const byId = a.row.companyId < b.row.companyId ? -1 : a.row.companyId > b.row.companyId ? 1 : 0;
    // Unknown figures go last whichever way the column is sorted.
    if (a.key === null || b.key === null) return a.key === b.key ? byId : a.key === null ? 1 : -1;
    const order = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    return order * sign || byId;
  });
  const sorted = keyed.map((k) => k.row);
  const pages = Math.max(1, Math.ceil(matches.length / query.pageSize));
  const page = Math.min(query.page, pages);
  return {
    total: matches.length,
    page,
    pageSize: query.pageSize,
    pages,
    sort: query.sort,
    dir: query.dir,
    rows: sorted.slice((page - 1) * query.pageSize, page * query.pageSize),
  };
}

function sortKey(sort: CustomerSort): (r: CustomerRow) => string | number | null {
  switch (sort) {
    case 'name':
      return (r) => nameKey(r.name);
    case 'ownerId':
      // The column shows owners by name, so it sorts by name.
      return (r) => (r.owner === null ? null : nameKey(r.owner));
    case 'pyramidLevel':
      return (r) => PYRAMID_LEVELS.indexOf(r.pyramidLevel);
    default:
      return (r) => r[sort];
  }
}

/** Names sort without regard to case, accents or leading quotes ('"De Bouw" Van Dijk' under D). */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^[^\p{L}\p{N}]+/u, '');
}
