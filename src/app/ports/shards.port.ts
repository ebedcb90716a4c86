// The sharded full run's port (PostgreSQL only): a run is cut into shards of companies by key
// range, and each stage of it — running figures, ranked figures, the ranking, results,
// write-back — is done shard by shard by whichever instance takes the job. What a stage makes
// is kept here between stages; the shard rows say which instance did what (run status, /metrics).
import type { PortfolioFrame } from '../../domain/engine.ts';
import type { Ranking, RankedFigures } from '../../domain/ranking.ts';
import type { Instant } from '../../domain/records.ts';
import type { PyramidLevel } from '../../domain/results.ts';
import type { RecordVisitor, TenantId } from './store.port.ts';

/** A run's stages, in order: each starts when every shard of the one before is done. */
export const SHARD_STAGES = ['figures', 'ranked', 'rank', 'results', 'write'] as const;
export type ShardStage = (typeof SHARD_STAGES)[number];

export type ShardState = 'queued' | 'running' | 'done' | 'failed';

/** Companies with keys in (after, last]: after null is from the first company. */
export interface ShardRange {
  shard: number;
  after: string | null;
  last: string;
  companies: number;
}

/** What a job names: one shard of one stage of one run. */
export interface ShardJob {
  tenant: TenantId;
  runId: string;
  stage: ShardStage;
  shard: number;
  asOf: Instant;
  calculatedAt: Instant;
  /** The config the run was started with: an instance with another one refuses the shard. */
  configHash: string;
  /** The last full run before this one (pyramid moves are counted against it), null when none. */
  previousRunId: string | null;
}

/** What a shard reports when done (summed over the shards when the run closes). */
export type ShardTally = Record<string, number>;

export interface ShardStatus {
  runId: string;
  stage: ShardStage;
  shard: number;
  state: ShardState;
  instance: string | null;
  attempts: number;
  companies: number;
  startedAt: Instant | null;
  finishedAt: Instant | null;
  error: string | null;
}

/** A shard's companies and what their figures read (see ShardBook.frame). */
export interface ShardFrame {
  frame: PortfolioFrame;
  /** The ids of the shard's own companies (the rest of frame.companies are related companies). */
  targets: string[];
}

export interface ShardBook {
  /**
   * Makes this process the tenant's one coordinator of sharded runs for as long as it lives
   * (a session lock: a coordinator that dies lets go of it); null when another one holds it.
   */
  coordinate(tenant: TenantId): Promise<{ release(): Promise<void> } | null>;
  /**
   * Sharded runs of the tenant still recorded as running: with the coordinator's lock in hand,
   * their coordinator died. Their unfinished shards are marked failed (no instance starts them).
   */
  abandon(tenant: TenantId, error: string): Promise<string[]>;
  /** Cuts the tenant's companies, in key order, into ranges of at most `size`. */
  ranges(tenant: TenantId, size: number): Promise<ShardRange[]>;
  /** Records a stage's shards as queued (again, for a stage being redone). */
  plan(runId: string, stage: ShardStage, ranges: readonly ShardRange[]): Promise<void>;
  /** The range a shard covers (as planned for the run's first stage). */
  range(runId: string, shard: number): Promise<ShardRange>;
  /** Marks a shard as taken by an instance (one more attempt); false when it is done already (a job delivered twice). */
  started(runId: string, stage: ShardStage, shard: number, instance: string): Promise<boolean>;
  finished(runId: string, stage: ShardStage, shard: number, tally: ShardTally): Promise<void>;
  /** An attempt threw: the shard waits for its next attempt, with the error kept. */
  attemptFailed(runId: string, stage: ShardStage, shard: number, error: string): Promise<void>;
  /** The shard is given up (no attempt left): the run fails with its last error, or `error` when it has none. */
  failed(runId: string, stage: ShardStage, shard: number, error: string): Promise<void>;
  status(runId: string): Promise<ShardStatus[]>;
  /** The shards of the tenant's newest sharded run (null when it has none). */
  latest(tenant: TenantId): Promise<ShardStatus[] | null>;
  /** The tallies of a stage's shards that are done. */
  tallies(runId: string, stage: ShardStage): Promise<ShardTally[]>;

  /** The ids of a range's companies, in key order. */
  companiesIn(tenant: TenantId, range: ShardRange): Promise<string[]>;
  /** The deals, then the activities, of a range's companies, each company's in id order (as a full run's scan). */
  scanRange(tenant: TenantId, range: ShardRange, visitor: RecordVisitor): Promise<void>;
  /**
   * The range's companies, every relation touching them, the companies on the other side of
   * those and the companies whose parent they are, with their overrides; companies in key
   * order, relations in the order the full run reads them.
   */
  frame(tenant: TenantId, range: ShardRange): Promise<ShardFrame>;

  /** Keeps each company's running figures (FigureAccumulator.exportSlot) for the run, replacing the shard's earlier attempt. */
  saveStates(runId: string, range: ShardRange, states: ReadonlyMap<string, Float64Array>): Promise<void>;
  loadStates(runId: string, companyIds: readonly string[]): Promise<Map<string, Float64Array>>;
  saveRanked(runId: string, figures: readonly RankedFigures[]): Promise<void>;
  /** Every company's ranked figures of the run, handed over one by one (none kept). */
  scanRanked(runId: string, visit: (figures: RankedFigures) => void): Promise<void>;
  saveRanking(runId: string, ranking: Ranking): Promise<void>;
  loadRanking(runId: string): Promise<Ranking>;
  /** The pyramid levels a run gave the given companies (result history). */
  levelsOf(tenant: TenantId, runId: string, companyIds: readonly string[]): Promise<Map<string, PyramidLevel>>;
  /** Drops what the stages kept of a run (not its shard rows). */
  cleanUp(runId: string): Promise<void>;
}

/** Hands shard jobs to whichever instance takes them (pg-boss). */
export interface ShardDispatch {
  dispatch(jobs: readonly ShardJob[]): Promise<void>;
}
