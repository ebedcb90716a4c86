// A full run shared by instances on one PostgreSQL (issue: scale out): three instances take the
// shards of one tenant whose companies refer to, influence and own companies in other shards.
// The results equal a single-process full run over the same data exactly (every figure, rank
// and segment), and each company is written back once. Then one instance is killed (SIGKILL)
// in the middle of a shard: another takes the shard over and the run ends the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../../src/adapters/store/postgres/postgres.store.ts';
import type { CompanyUpdate } from '../../src/app/ports/crm.port.ts';
import { recomputeAll, type RecomputeOutcome } from '../../src/app/recompute.ts';
import { createPrometheusMetrics } from '../../src/adapters/metrics/prometheus.metrics.ts';
import { shardedFullRun, shardSummary, type ShardedOutcome } from '../../src/app/sharded-run.ts';
import { generatePortfolio } from '../../src/app/sample/generate-portfolio.ts';
import type { Portfolio } from '../../src/domain/records.ts';
import { postgresTestDatabase } from '../support/postgres.ts';
import { dropSchema, uniqueSchema } from '../queue/pg-support.ts';
import { AS_OF, CountingWriter, openShardInstance, recomputeDeps, TENANT, type ShardInstance } from './shard-rig.ts';

const SHARD_SIZE = 40;
const database = postgresTestDatabase();
const bossSchemas: string[] = [];
const children: ChildProcess[] = [];

let portfolio: Portfolio;
let reference: RecomputeOutcome;

beforeAll(async () => {
  portfolio = generatePortfolio({ companies: 400, seed: 11, asOf: AS_OF, dealsPerCompany: 6, activitiesPerCompany: 20 });
  // The single-process run over the same data, in a schema of its own.
  const store = createPostgresStore({ pool: database.pool(await database.createSchema()) });
  await store.migrate();
  await store.applyChanges(TENANT, portfolio);
  reference = await recomputeAll(recomputeDeps(store), TENANT);
  await store.close();
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const schema of bossSchemas) await dropSchema(schema);
  await database.dropAll();
});

async function freshSchemas(): Promise<{ schema: string; bossSchema: string }> {
  const schema = await database.createSchema();
  const bossSchema = uniqueSchema('kw_shard_boss');
  bossSchemas.push(bossSchema);
  const store = createPostgresStore({ pool: database.pool(schema) });
  await store.migrate();
  await store.applyChanges(TENANT, portfolio);
  await store.close();
  return { schema, bossSchema };
}

function run(coordinator: ShardInstance): Promise<ShardedOutcome> {
  return shardedFullRun({ ...coordinator.deps, dispatch: coordinator.queue, shardSize: SHARD_SIZE, pollMs: 50 }, TENANT);
}

/** The sharded run's live results against the single-process run's, and what was written against its updates. */
async function expectSameAsOneProcess(instance: ShardInstance, outcome: ShardedOutcome, writer: CountingWriter): Promise<void> {
  const live = await instance.store.latestResults(TENANT);
  expect(live.length).toBe(portfolio.companies.length);
  const expected = new Map(reference.results.map((r) => [r.companyId, r]));
  for (const result of live) expect(result, result.companyId).toEqual(expected.get(result.companyId));
  const { shards: _shards, written: _written, write_refused: _refused, ...counts } = outcome.recompute.counts;
  expect(counts).toEqual(reference.counts);
  expect(outcome.recompute.agreement).toEqual(reference.agreement);
  // The customer goals from the shards' tallies: the same goals, met or not alike, values to the last few digits.
  const goals = outcome.recompute.goals!;
  expect(goals.map((g) => [g.key, g.met])).toEqual(reference.goals!.map((g) => [g.key, g.met]));
  goals.forEach((g, i) => (g.value === null ? expect(reference.goals![i]!.value).toBeNull() : expect(g.value).toBeCloseTo(reference.goals![i]!.value!, 9)));

  const byCompany = (updates: readonly CompanyUpdate[]) => [...updates].sort((a, b) => (a.companyId < b.companyId ? -1 : 1));
  const ids = writer.writes.map((u) => u.companyId);
  expect(new Set(ids).size, 'a company written twice').toBe(ids.length);
  expect(byCompany(writer.writes)).toEqual(byCompany(reference.updates));
  expect(outcome.write?.written).toBe(reference.updates.length);
}

describe('a sharded full run on PostgreSQL', () => {
  it('three instances compute a tenant with relations across shards exactly as one process does, each company written once', async () => {
    const { schema, bossSchema } = await freshSchemas();
    const writer = new CountingWriter();
    const instances = await Promise.all(['instance-a', 'instance-b', 'instance-c'].map((name) => openShardInstance({ name, schema, bossSchema, writer })));
    try {
      const ranges = await instances[0]!.book.ranges(TENANT, SHARD_SIZE);
      expect(ranges.length).toBe(10);
      // Relations cross the shards: a company's strategic value reads companies another instance computed.
      const shardOf = (id: string) => ranges.findIndex((r) => (r.after === null || id > r.after) && id <= r.last);
      const across = portfolio.relations.filter((r) => shardOf(r.fromCompanyId) !== shardOf(r.toCompanyId));
      const parentsAcross = portfolio.companies.filter((c) => c.parentId && shardOf(c.parentId) !== shardOf(c.id));
      expect(across.length + parentsAcross.length).toBeGreaterThan(10);

      for (const instance of instances) await instance.work();
      const outcome = await run(instances[0]!);

      await expectSameAsOneProcess(instances[0]!, outcome, writer);
      expect(outcome.recompute.run?.status).toBe('succeeded');
      // Five stages: 10 shards each, one ranking job, all done, each by one of the three.
      expect(outcome.shards.length).toBe(10 * 4 + 1);
      expect(outcome.shards.every((s) => s.state === 'done' && ['instance-a', 'instance-b', 'instance-c'].includes(s.instance!))).toBe(true);
      // Run status: the shards per stage, state and instance, on the dashboard and in /metrics.
      const summary = shardSummary((await instances[1]!.book.latest(TENANT))!);
      expect(summary.filter((c) => c.stage === 'figures').reduce((n, c) => n + c.shards, 0)).toBe(10);
      expect(summary.every((c) => c.state === 'done')).toBe(true);
      const metrics = createPrometheusMetrics({ processMetrics: false });
      metrics.watchShards(async () => summary.map((c) => ({ tenant: TENANT, ...c })));
      const { body } = await metrics.render();
      for (const c of summary) expect(body).toContain(`klantwaarde_run_shards{tenant="${TENANT}",stage="${c.stage}",state="done",instance="${c.instance}"} ${c.shards}`);
      // What the stages kept between them is gone with the run.
      const left = await database.pool(schema).query('SELECT count(*)::int AS n FROM run_stage');
      expect(left.rows[0].n).toBe(0);
    } finally {
      for (const instance of instances) await instance.close();
    }
  }, 120_000);

  it('finishes with the same results when an instance is killed mid-shard, writing nothing twice', async () => {
    const { schema, bossSchema } = await freshSchemas();
    const writer = new CountingWriter();
    // The instance to be killed works alone until it holds its first shard of the results stage.
    const child = spawn(process.execPath, [join(import.meta.dirname, 'shard-instance.ts')], {
      env: { ...process.env, SCHEMA: schema, BOSS_SCHEMA: bossSchema, HANG_AT: 'results' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const said = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = pattern.exec(out);
          if (match) resolve(match);
        });
        child.once('exit', (code) => reject(new Error(`the instance exited (${code}) before it said ${pattern}: ${errors}`)));
      });
    await said(/READY/);
    const [coordinator, other] = await Promise.all(['instance-a', 'instance-b'].map((name) => openShardInstance({ name, schema, bossSchema, writer })));
    try {
      const running = run(coordinator!);
      running.catch(() => undefined); // awaited below; a failure must not go unhandled meanwhile
      const hanging = await said(/HANGING results (\d+)/);
      const shard = Number(hanging[1]);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      await coordinator!.work();
      await other!.work();

      const outcome = await running;
      await expectSameAsOneProcess(coordinator!, outcome, writer);
      const taken = outcome.shards.find((s) => s.stage === 'results' && s.shard === shard)!;
      expect(taken.state).toBe('done');
      expect(taken.attempts).toBe(2);
      expect(taken.instance).not.toBe('instance-killed');
      // The killed instance did the earlier stages' shards until then.
      expect(outcome.shards.some((s) => s.instance === 'instance-killed')).toBe(true);
    } finally {
      await coordinator!.close();
      await other!.close();
    }
  }, 120_000);

  it('fails a run with the error of a shard that failed every attempt, and ends a run whose coordinator died', async () => {
    const { schema, bossSchema } = await freshSchemas();
    const [coordinator, misconfigured] = await Promise.all(['instance-a', 'instance-b'].map((name) => openShardInstance({ name, schema, bossSchema, writer: null })));
    try {
      // A run left behind by a coordinator that died: recorded as running, two shards waiting.
      const orphan = await coordinator!.store.startRun({ tenant: TENANT, kind: 'full', startedAt: AS_OF - 60_000, asOf: AS_OF - 60_000, configHash: 'x' });
      const ranges = await coordinator!.book.ranges(TENANT, 200);
      await coordinator!.book.plan(orphan.id, 'figures', ranges);
      // While one coordinator holds the tenant, another is refused.
      const held = (await coordinator!.book.coordinate(TENANT))!;
      await expect(run(misconfigured!)).rejects.toThrow(/already under way/);
      await held.release();

      // The only instance taking shards runs another config: every attempt of a shard is refused.
      misconfigured!.deps.recompute.configHash = 'another-config';
      await misconfigured!.work();
      await expect(run(coordinator!)).rejects.toThrow(/failed on instance-b after 3 attempt\(s\): Error: instance instance-b runs another config/);

      const runs = await coordinator!.store.listRuns(TENANT, 5);
      expect(runs.find((r) => r.id === orphan.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/coordinating this run stopped/) });
      expect((await coordinator!.book.status(orphan.id)).every((s) => s.state === 'failed')).toBe(true);
      expect(runs[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/runs another config/) });
    } finally {
      await coordinator!.close();
      await misconfigured!.close();
    }
  }, 120_000);
});
