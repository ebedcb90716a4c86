// The store port: everything the use cases keep between runs, per tenant. One contract
// suite (test/store.contract.ts) holds every adapter to it.
import type { KnownTask, TaskStatus } from '../../domain/contact-tasks.ts';
import type { PortfolioFrame } from '../../domain/engine.ts';
import type { GoalProgress, GoalRecord } from '../../domain/goals.ts';
import type { RankedFigures } from '../../domain/ranking.ts';
import type { Activity, Deal, Instant, Override, Portfolio, Relation } from '../../domain/records.ts';
import type { CompanyResult, PyramidLevel } from '../../domain/results.ts';
import type { Segment } from '../../domain/records.ts';

/** A HubSpot portal ("hubspot:123"), a Salesforce org ("salesforce:00D…") or "local". */
export type TenantId = string;

export type RunKind = 'full' | 'incremental';
export type RunStatus = 'running' | 'succeeded' | 'failed';

export interface RunRecord {
  id: string;
  tenant: TenantId;
  kind: RunKind;
  status: RunStatus;
  startedAt: Instant;
  finishedAt: Instant | null;
  asOf: Instant;
  configHash: string;
  /** Counts such as companies, customers, written, skipped, per segment. */
  counts: Record<string, number>;
  agreementRate: number | null;
  error: string | null;
}

/** One slim row per company per run: enough for history charts and pyramid migration. */
export interface ResultHistoryRow {
  runId: string;
  companyId: string;
  asOf: Instant;
  segment: Segment | null;
  segmentComputed: Segment | null;
  pyramidLevel: PyramidLevel;
  totalValue: number;
  netContribution: number;
  /** Null in rows stored before these figures were kept. */
  revenue: number | null;
  grossMargin: number | null;
  costToServe: number | null;
  clv: number | null;
  strategicValue: number | null;
}

/** Property name (without prefix) → the string value last written to the CRM. */
export type WrittenValues = Record<string, string | null>;

/** A CRM user who owns records (HubSpot owner, Salesforce user), for showing names instead of ids. */
export interface Owner {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
}

export interface PortfolioChanges extends Partial<Portfolio> {
  /** The CRM's owners (upserted by id; an owner no longer listed keeps its last name). */
  owners?: Owner[];
  deletedCompanyIds?: string[];
  deletedDealIds?: string[];
  deletedActivityIds?: string[];
  /** Relations the CRM no longer has (a referral or influence link removed). */
  deletedRelations?: Relation[];
}

/** How many companies, deals, activities, relations and overrides (e.g. what an import removed). */
export interface PortfolioCounts {
  companies: number;
  deals: number;
  activities: number;
  relations: number;
  overrides: number;
}

/** What replacing a portfolio did: the records put, and what the old portfolio had that the new one has not. */
export interface ReplaceOutcome {
  records: number;
  removed: PortfolioCounts;
  removedCompanyIds: string[];
}

/**
 * Deals or activities as rows of a batch rather than objects: a snapshot import reads
 * millions of them, and an object per row cost more than storing it. The store fills row k
 * into a record it reuses. The rows are valid only until the put they came with resolves.
 */
export interface BatchRows<R> {
  readonly count: number;
  /** Row k into `into`: every field set, an empty optional one to undefined. */
  fill(k: number, into: R): void;
}

/** A page of a replacement: records, and deals and activities as batch rows too. */
export type PortfolioPage = Partial<Portfolio> & { dealRows?: BatchRows<Deal>; activityRows?: BatchRows<Activity> };

/** Hands a page of records to a replacement (see Store.replacePortfolio). */
export type PortfolioPut = (page: PortfolioPage) => Promise<void>;

/** Takes a full run's deals and activities as a store scans them (see Store.scanRecords). */
export interface RecordVisitor {
  deal(deal: Deal): void;
  activity(activity: Activity): void;
}

export interface Store {
  /** Applies pending migrations; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Upserts records by id (relations by from/to/kind, overrides by company) and applies
   * deletions, all in one transaction: either everything lands or nothing does. Deletions
   * come after the upserts; a deleted company takes its deals, activities, relations,
   * override, latest result and written values with it (its history stays).
   */
  applyChanges(tenant: TenantId, changes: PortfolioChanges): Promise<void>;
  /**
   * Replaces the tenant's portfolio with the records `fill` puts, page by page, in one
   * transaction: a snapshot import (a folder of CSV exports) that never holds the whole
   * portfolio. Records must be unique within the replacement. What the old portfolio had and
   * the new one has not is gone, and so are the latest results and written values of the
   * companies gone (not their history). If `fill` throws, nothing changes. Owners, runs and
   * checkpoints stay. The store's writer is busy until it returns.
   */
  replacePortfolio(tenant: TenantId, fill: (put: PortfolioPut) => Promise<void>): Promise<ReplaceOutcome>;
  /** Removes every record of the tenant's portfolio, owners included (not runs or results). */
  clearPortfolio(tenant: TenantId): Promise<void>;
  /**
   * Every instant of the tenant's records (companies' creation, deals' close dates, activities,
   * overrides' set and expiry) moved by `by` milliseconds, in one transaction and without
   * loading them: a living sample moving on to today (sample/living-sample.ts).
   */
  moveInstants(tenant: TenantId, by: number): Promise<void>;
  /** The tenant's owners as the CRM last named them, by id. */
  listOwners(tenant: TenantId): Promise<Owner[]>;
  loadPortfolio(tenant: TenantId): Promise<Portfolio>;
  /** The companies (in id order), relations and overrides: what a full run needs besides the deals and activities it scans. */
  loadFrame(tenant: TenantId): Promise<PortfolioFrame>;
  /**
   * Every deal, then every activity, of the tenant in id order, read in chunks from one
   * snapshot and handed to the visitor one by one — never the whole table at once. The
   * record handed over is reused: it is valid only during the call.
   */
  scanRecords(tenant: TenantId, visitor: RecordVisitor, options?: { chunkSize?: number }): Promise<void>;
  /**
   * The given companies with their deals and activities, plus every relation touching them,
   * the companies on the other side of those relations and the companies whose parent they
   * are, with their deals (no activities), and the overrides of every company returned:
   * everything the given companies' figures read.
   */
  loadCompanies(tenant: TenantId, companyIds: readonly string[]): Promise<Portfolio>;
  /**
   * The given companies (for their parent) and the relations pointing at them: enough to find
   * who reads their figures (domain dependentCompanies). No deals or activities.
   */
  loadDependencyLinks(tenant: TenantId, companyIds: readonly string[]): Promise<Pick<Portfolio, 'companies' | 'relations'>>;
  countCompanies(tenant: TenantId): Promise<number>;
  /**
   * The companies the given deals and activities belong to as stored now — before a change
   * moves or deletes them, so the company they leave is recomputed too.
   */
  companiesOfRecords(tenant: TenantId, records: { dealIds?: readonly string[]; activityIds?: readonly string[] }): Promise<string[]>;
  /** The tenants whose portfolio holds a company with this id (to refuse another portal's company). */
  tenantsWithCompany(companyId: string): Promise<TenantId[]>;
  listTenants(): Promise<TenantId[]>;

  setOverride(tenant: TenantId, override: Override): Promise<void>;
  removeOverride(tenant: TenantId, companyId: string): Promise<void>;

  getCheckpoint(tenant: TenantId, key: string): Promise<string | null>;
  setCheckpoint(tenant: TenantId, key: string, value: string): Promise<void>;

  startRun(run: Omit<RunRecord, 'id' | 'status' | 'finishedAt' | 'counts' | 'agreementRate' | 'error'>): Promise<RunRecord>;
  finishRun(
    runId: string,
    outcome: { status: Exclude<RunStatus, 'running'>; counts: Record<string, number>; agreementRate: number | null; error: string | null; finishedAt: Instant },
  ): Promise<void>;
  listRuns(tenant: TenantId, limit: number): Promise<RunRecord[]>;
  /** The newest run of that kind and status; with `before`, the newest that started before that run (however many runs lie between). */
  lastRun(tenant: TenantId, kind?: RunKind, status?: RunStatus, before?: RunRecord): Promise<RunRecord | null>;

  /** Saves the run's results: the latest full result per company and one history row each. */
  saveResults(tenant: TenantId, runId: string, asOf: Instant, results: readonly CompanyResult[]): Promise<void>;
  latestResult(tenant: TenantId, companyId: string): Promise<CompanyResult | null>;
  latestResults(tenant: TenantId): Promise<CompanyResult[]>;
  /** What ranking read of every company's latest result (small: an incremental run's population). */
  latestRanked(tenant: TenantId): Promise<RankedFigures[]>;
  /** Up to `limit` latest results after company `after` (null: from the start) in company id order, with the instant each was computed. */
  latestResultsAfter(tenant: TenantId, after: string | null, limit: number): Promise<{ result: CompanyResult; computedAt: Instant }[]>;
  /** Newest first. */
  history(tenant: TenantId, companyId: string, limit: number): Promise<ResultHistoryRow[]>;
  /** The slim rows of one run (pyramid migration compares two of these). */
  runHistory(runId: string): Promise<ResultHistoryRow[]>;

  /** Keeps what a full run measured of the customer goals (replacing what that run had). */
  saveGoalProgress(tenant: TenantId, runId: string, goals: readonly GoalProgress[]): Promise<void>;
  /** The goal progress of the tenant's last `limit` succeeded runs that kept one, newest first. */
  goalHistory(tenant: TenantId, limit: number): Promise<GoalRecord[]>;

  getWritten(tenant: TenantId, companyIds: readonly string[]): Promise<Map<string, WrittenValues>>;
  /** Records values as written after the CRM accepted them (merged per company). */
  markWritten(tenant: TenantId, written: ReadonlyMap<string, WrittenValues>): Promise<void>;

  /**
   * The contact-schedule tasks Klantwaarde made in the tenant's CRM, oldest first: of the given
   * companies (all when omitted). `current` keeps what planning reads: the pending and open ones
   * and the newest of each (company, touchpoint); `status` only those. A deleted company keeps its
   * tasks, so the next full run can take its open ones out of the CRM.
   */
  listTasks(tenant: TenantId, filter?: { companyIds?: readonly string[]; current?: boolean; status?: TaskStatus }): Promise<KnownTask[]>;
  /** Upserts tasks by marker, all or nothing. */
  saveTasks(tenant: TenantId, tasks: readonly KnownTask[]): Promise<void>;
  /** Forgets tasks by marker (a creation that never reached the CRM). */
  deleteTasks(tenant: TenantId, markers: readonly string[]): Promise<void>;
}
