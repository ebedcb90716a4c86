// Use case: a full run shared by every instance (PostgreSQL). The tenant's companies are cut
// into shards by key range; each stage is one job per shard, taken by whichever instance is
// free, and the next stage starts when every shard of the one before is done:
//   figures  each shard streams its companies' deals and activities into running figures (kept per company);
//   ranked   each shard makes its companies' own figures — strategic value reads related companies'
//            running figures, wherever they were made — and keeps what ranking reads;
//   rank     one job ranks the whole tenant from one line per company;
//   results  each shard classifies its companies against that ranking and saves their results;
//   write    each shard writes its companies' changed values to the CRM.
// Every stage's output replaces what an earlier attempt of the same shard made, so a shard an
// instance died in is simply done again by another, with the same result. The figures are the
// single-process run's to the last bit: the same records in the same order per company, the
// same relations in the same order, the same ranking.
import { PortfolioFigures, companyIndex, rankedFigures } from '../domain/company-figures.ts';
import { rankedResults } from '../domain/engine.ts';
import { FigureAccumulator } from '../domain/figure-accumulator.ts';
import type { GoalProgress } from '../domain/goals.ts';
import { RankingBuilder, type RankedFigures } from '../domain/ranking.ts';
import type { CompanyResult } from '../domain/results.ts';
import type { CrmWriter } from './ports/crm.port.ts';
import { SHARD_STAGES, type ShardBook, type ShardDispatch, type ShardJob, type ShardRange, type ShardStage, type ShardStatus, type ShardTally } from './ports/shards.port.ts';
import type { RunRecord, TenantId } from './ports/store.port.ts';
import { diffAgainstWritten, RESULT_CHUNK, RunTally, type RecomputeDeps, type RecomputeOutcome } from './recompute.ts';
import { AppError } from './errors.ts';
import { moveSampleOn } from './sample/living-sample.ts';
import { addRunCounts, pendingUpdates, writeBack } from './write-back.ts';

export interface ShardWorkDeps {
  recompute: RecomputeDeps;
  shards: ShardBook;
  /** This process's name in the shard rows (KLANTWAARDE_INSTANCE_ID, default the host name). */
  instance: string;
  /** The tenant's CRM writer for the write stage (null: nothing to write to). */
  writerFor(tenant: TenantId): CrmWriter | null;
}

export interface ShardRunDeps extends ShardWorkDeps {
  dispatch: ShardDispatch;
  /** Companies per shard (scale.shardSize). */
  shardSize: number;
  /** How often the coordinator looks whether a stage is done (ms). */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface ShardedOutcome {
  recompute: RecomputeOutcome;
  /** What the write stage wrote, summed over its shards (null without a CRM writer). */
  write: WriteTotals | null;
  shards: ShardStatus[];
}

/** A sharded write-back in numbers (the companies are in the store's written values and refused list). */
export interface WriteTotals {
  written: number;
  refused: number;
  apiCalls: number;
  /** Shards the CRM stopped early (a daily limit): the rest goes next run. */
  stoppedShards: number;
}

/** Raised when a shard failed on its last attempt: the run fails with the shard's own error. */
export class ShardFailed extends Error {
  override name = 'ShardFailed';
}

/**
 * Runs a tenant's full run as shard jobs and waits for them (this process is the coordinator;
 * its own workers take shards like any other instance's). The run is recorded as one full run.
 */
export async function shardedFullRun(deps: ShardRunDeps, tenant: TenantId): Promise<ShardedOutcome> {
  const { shards } = deps;
  const { store, log } = deps.recompute;
  const lock = await shards.coordinate(tenant);
  if (!lock) throw new AppError('run.already_running', `A full run of ${tenant} is already under way on another instance; it finishes on its own (dashboard: Run status).`);
  try {
    // With the lock in hand, a run still recorded as running lost its coordinator: it ends as failed.
    const abandoned = await shards.abandon(tenant, 'its coordinating instance stopped before the run ended');
    for (const runId of abandoned) {
      await store.finishRun(runId, { status: 'failed', counts: {}, agreementRate: null, error: 'The instance coordinating this run stopped before it ended; the next full run computes everything again.', finishedAt: deps.recompute.now() });
      log.warn({ tenant, runId }, 'sharded run abandoned by its coordinator: marked failed');
    }
    return await coordinate(deps, tenant);
  } finally {
    await lock.release();
  }
}

async function coordinate(deps: ShardRunDeps, tenant: TenantId): Promise<ShardedOutcome> {
  const { recompute, shards } = deps;
  const { store, log } = recompute;
  const calculatedAt = recompute.now();
  const asOf = calculatedAt;
  const previous = await store.lastRun(tenant, 'full', 'succeeded');
  const run = await store.startRun({ tenant, kind: 'full', startedAt: calculatedAt, asOf, configHash: recompute.configHash });
  const job = (stage: ShardStage, shard: number): ShardJob => ({ tenant, runId: run.id, stage, shard, asOf, calculatedAt, configHash: recompute.configHash, previousRunId: previous?.id ?? null });
  let finished: RunRecord | null = null;
  let tally = RunTally.fromShards([], false);
  let goals: GoalProgress[] = [];
  try {
    // A sample tenant's records move on to today first, stored, before any shard reads them.
    await moveSampleOn(store, tenant, asOf, { keep: true });
    const ranges = await shards.ranges(tenant, deps.shardSize);
    const writer = deps.writerFor(tenant);
    log.info({ tenant, runId: run.id, shards: ranges.length, shardSize: deps.shardSize }, 'sharded full run started');
    for (const stage of SHARD_STAGES) {
      if (stage === 'write' && !writer) continue;
      if (ranges.length === 0 && stage !== 'results') continue;
      const list = stage === 'rank' ? [{ shard: 0, after: null, last: ranges.at(-1)!.last, companies: ranges.reduce((n, r) => n + r.companies, 0) }] : ranges;
      if (list.length > 0) {
        await shards.plan(run.id, stage, list);
        if (stage === 'write') {
          // One write shard at a time (any instance takes it): the portal's rate limit is shared
          // by all of them anyway, and the list of refused companies is kept by one writer at a time.
          for (const r of list) {
            await deps.dispatch.dispatch([job(stage, r.shard)]);
            await waitForStage(deps, run.id, stage, r.shard);
          }
        } else {
          await deps.dispatch.dispatch(list.map((r) => job(stage, r.shard)));
          await waitForStage(deps, run.id, stage);
        }
      }
      if (stage === 'results') {
        // The results are live now: the run is recorded as done; the write-back adds its counts after.
        tally = RunTally.fromShards(await shards.tallies(run.id, 'results'), previous !== null);
        const agreement = tally.agreement();
        goals = tally.goals(recompute.config);
        await store.saveGoalProgress(tenant, run.id, goals);
        const outcome = { status: 'succeeded' as const, counts: { ...tally.counts, shards: ranges.length }, agreementRate: agreement.rate, error: null, finishedAt: recompute.now() };
        await store.finishRun(run.id, outcome);
        finished = { ...run, ...outcome };
        recompute.population.replaced(tenant);
      }
    }
    const write = writer ? await writeTotals(deps, finished!, ranges.length > 0) : null;
    log.info({ tenant, runId: run.id, companies: tally.counts.companies, shards: ranges.length, written: write?.written ?? null }, 'sharded full run finished');
    return {
      recompute: { run: finished, asOf, calculatedAt, whatIf: false, results: [], agreement: tally.agreement(), migration: null, updates: [], counts: finished!.counts, goals },
      write,
      shards: await shards.status(run.id),
    };
  } catch (error) {
    if (!finished) await store.finishRun(run.id, { status: 'failed', counts: {}, agreementRate: null, error: String(error), finishedAt: recompute.now() });
    log.error({ tenant, runId: run.id, err: error }, 'sharded full run failed');
    throw error;
  } finally {
    await shards.cleanUp(run.id).catch((err: unknown) => log.warn({ err, runId: run.id }, 'could not drop what the run kept between stages'));
  }
}

/** Waits until every shard of the stage is done; a shard that failed its last attempt fails the run. */
async function waitForStage(deps: ShardRunDeps, runId: string, stage: ShardStage, shard?: number): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    const rows = (await deps.shards.status(runId)).filter((s) => s.stage === stage && (shard === undefined || s.shard === shard));
    const failed = rows.find((s) => s.state === 'failed');
    if (failed) throw new ShardFailed(`shard ${failed.shard} of stage ${stage} failed on ${failed.instance ?? 'an instance'} after ${failed.attempts} attempt(s): ${failed.error ?? 'no message'}`);
    if (rows.every((s) => s.state === 'done')) return;
    await sleep(deps.pollMs ?? 250);
  }
}

/** The write stage's shards summed; the run's counts say what reached the CRM. */
async function writeTotals(deps: ShardRunDeps, run: RunRecord, wrote: boolean): Promise<WriteTotals> {
  const tallies = wrote ? await deps.shards.tallies(run.id, 'write') : [];
  const sum = (name: string) => tallies.reduce((n, t) => n + (t[name] ?? 0), 0);
  const totals = { written: sum('written'), refused: sum('write_refused'), apiCalls: sum('api_calls'), stoppedShards: sum('stopped') };
  await addRunCounts(deps.recompute.store, run, { written: totals.written, write_refused: totals.refused });
  return totals;
}

/**
 * Does one shard of one stage (any instance, for any coordinator). Throws to have the job
 * tried again; the shard row says who took it and how it ended.
 */
export async function runShard(deps: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const { recompute } = deps;
  if (job.configHash !== recompute.configHash) {
    throw new Error(`instance ${deps.instance} runs another config (${recompute.configHash}) than the run was started with (${job.configHash}); give every instance the same config`);
  }
  switch (job.stage) {
    case 'figures':
      return figuresStage(deps, job);
    case 'ranked':
      return rankedStage(deps, job);
    case 'rank':
      return rankStage(deps, job);
    case 'results':
      return resultsStage(deps, job);
    case 'write':
      return writeStage(deps, job);
  }
}

/** Stage 1: the shard's records streamed into its companies' running figures, kept per company. */
async function figuresStage({ recompute, shards }: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const range = await shards.range(job.runId, job.shard);
  const ids = await shards.companiesIn(job.tenant, range);
  const indexOf = new Map(ids.map((id, slot) => [id, slot]));
  const accumulator = new FigureAccumulator(ids.length, recompute.config, job.asOf);
  let records = 0;
  await shards.scanRange(job.tenant, range, {
    deal: (deal) => {
      const slot = indexOf.get(deal.companyId);
      records += 1;
      if (slot !== undefined) accumulator.addDeal(slot, deal);
    },
    activity: (activity) => {
      const slot = indexOf.get(activity.companyId);
      records += 1;
      if (slot !== undefined) accumulator.addActivity(slot, activity);
    },
  });
  await shards.saveStates(job.runId, range, new Map(ids.map((id, slot) => [id, accumulator.exportSlot(slot)])));
  return { companies: ids.length, records };
}

/** A shard's frame with every company's running figures as the figures stage left them. */
async function shardFigures({ recompute, shards }: ShardWorkDeps, job: ShardJob, range: ShardRange) {
  const { frame, targets } = await shards.frame(job.tenant, range);
  const states = await shards.loadStates(job.runId, frame.companies.map((c) => c.id));
  const indexOf = companyIndex(frame.companies);
  const accumulator = new FigureAccumulator(frame.companies.length, recompute.config, job.asOf);
  // A company added after the figures stage read its range has no running figures yet: its own incremental run takes it.
  frame.companies.forEach((c, slot) => {
    const state = states.get(c.id);
    if (state) accumulator.importSlot(slot, state);
  });
  return { frame, accumulator, indexOf, only: new Set(targets.filter((id) => states.has(id))) };
}

/** Stage 2: each company's own figures (strategic value from related companies wherever they are), what ranking reads kept. */
async function rankedStage(deps: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const range = await deps.shards.range(job.runId, job.shard);
  const { frame, accumulator, indexOf, only } = await shardFigures(deps, job, range);
  const figures = PortfolioFigures.fromRelations(frame.companies, frame.relations, accumulator, indexOf, deps.recompute.config);
  const ranked: RankedFigures[] = [];
  for (const id of only) ranked.push(rankedFigures(figures.of(indexOf.get(id)!)));
  await deps.shards.saveRanked(job.runId, ranked);
  return { companies: ranked.length };
}

/** Stage 3: the whole tenant ranked, from one line per company (never the companies' figures at once). */
async function rankStage({ recompute, shards }: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const builder = new RankingBuilder(recompute.config);
  let companies = 0;
  await shards.scanRanked(job.runId, (f) => {
    companies += 1;
    builder.add(f);
  });
  const ranking = builder.build();
  await shards.saveRanking(job.runId, ranking);
  return { companies, customers: ranking.customers };
}

/** Stage 4: the shard's companies classified against the tenant's ranking; their results saved as the live results. */
async function resultsStage(deps: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const { store, config } = deps.recompute;
  const range = await deps.shards.range(job.runId, job.shard);
  const { frame, accumulator, indexOf, only } = await shardFigures(deps, job, range);
  const ranking = await deps.shards.loadRanking(job.runId);
  const previous = job.previousRunId === null ? null : await deps.shards.levelsOf(job.tenant, job.previousRunId, [...only]);
  const tally = new RunTally(previous);
  let chunk: CompanyResult[] = [];
  const flush = async () => {
    const changed = await diffAgainstWritten(store, job.tenant, chunk, job.calculatedAt);
    await store.saveResults(job.tenant, job.runId, job.asOf, chunk);
    tally.add(chunk, changed.length);
    chunk = [];
  };
  for (const result of rankedResults(frame, accumulator, indexOf, config, job.asOf, { only, ranking })) {
    chunk.push(result);
    if (chunk.length >= RESULT_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  return tally.toShard();
}

/** Stage 5: the shard's changed values to the CRM (each accepted batch recorded at once: a retried shard sends only what is left). */
async function writeStage(deps: ShardWorkDeps, job: ShardJob): Promise<ShardTally> {
  const writer = deps.writerFor(job.tenant);
  if (!writer) return { written: 0, write_refused: 0, api_calls: 0 };
  const range = await deps.shards.range(job.runId, job.shard);
  const report = await writeBack(deps.recompute.store, writer, pendingUpdates(deps.recompute.store, job.tenant, RESULT_CHUNK, range), deps.recompute.log, null);
  return { written: report.written.length, write_refused: report.failed.length, api_calls: report.apiCalls, stopped: report.stoppedBy ? 1 : 0 };
}

/** How many shards of a stage are in a state on an instance. */
export interface ShardCount {
  stage: ShardStage;
  state: ShardStatus['state'];
  instance: string | null;
  shards: number;
}

/** A run's shards summarised per stage, state and instance, in stage order (run status, /metrics). */
export function shardSummary(rows: readonly ShardStatus[]): ShardCount[] {
  const counts = new Map<string, ShardCount>();
  for (const r of rows) {
    const key = `${r.stage}\u0000${r.state}\u0000${r.instance ?? ''}`;
    const entry = counts.get(key) ?? { stage: r.stage, state: r.state, instance: r.instance, shards: 0 };
    entry.shards += 1;
    counts.set(key, entry);
  }
  return [...counts.values()];
}
