// The sharded full run's tables on PostgreSQL (see app/ports/shards.port.ts): the shard rows of
// each run and stage (who took it, how often, what it counted), each company's running figures
// and ranked figures between stages, and the run's ranking. Created on first use, next to the
// store's tables; what a run kept between stages is dropped when it ends.
import type { Pool } from 'pg';
import type { ShardBook, ShardRange, ShardStage, ShardState, ShardStatus, ShardTally } from '../../../app/ports/shards.port.ts';
import type { Ranking, RankedFigures } from '../../../domain/ranking.ts';
import type { ScoreElement } from '../../../domain/model-config.ts';
import type { PyramidLevel } from '../../../domain/results.ts';
import { companiesTable, overridesTable, relationsTable } from '../portfolio.tables.ts';
import { load } from './postgres.portfolio.ts';
import { ACTIVITY_SCAN_COLUMNS, DEAL_SCAN_COLUMNS, RecordScanner, shareCompanyLabels } from '../record-scan.ts';
import { eachRow, rows, transaction } from './pg.client.ts';

const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS run_shards (
    run_id text NOT NULL, stage text NOT NULL, shard integer NOT NULL, tenant text NOT NULL,
    after_id text COLLATE "C", last_id text COLLATE "C" NOT NULL, companies integer NOT NULL,
    state text NOT NULL DEFAULT 'queued', instance text, attempts integer NOT NULL DEFAULT 0,
    started_at bigint, finished_at bigint, error text, tally jsonb,
    PRIMARY KEY (run_id, stage, shard)
  );
  CREATE INDEX IF NOT EXISTS run_shards_by_tenant ON run_shards (tenant, run_id);
  CREATE TABLE IF NOT EXISTS run_stage (
    run_id text NOT NULL, company_id text COLLATE "C" NOT NULL, state bytea NOT NULL,
    is_customer boolean, revenue double precision, gross_margin double precision, net_contribution double precision,
    clv double precision, strategic_value double precision, growth_potential double precision, total_value double precision,
    share_of_wallet double precision, retention double precision, satisfaction double precision,
    PRIMARY KEY (run_id, company_id)
  );
  CREATE TABLE IF NOT EXISTS run_rankings (run_id text PRIMARY KEY, scalars jsonb NOT NULL, columns bytea NOT NULL);
`;

/** Opens the shard book on the store's database, creating its tables once (instances starting together wait on a lock). */
export async function openPostgresShards(pool: Pool): Promise<ShardBook> {
  await transaction(pool, async (client) => {
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('klantwaarde.shards'), hashtext(current_schema()))`);
    await client.query(SCHEMA);
  });
  return postgresShards(pool);
}

function postgresShards(pool: Pool): ShardBook {
  /** Keys in (after, last], with after and last at parameters $first and $first+1 (rangeValues; after '' is from the first company: no key is empty). */
  const inRange = (column: string, first: number) => `${column} > $${first} AND ${column} <= $${first + 1}`;
  const rangeValues = (range: ShardRange) => [range.after ?? '', range.last];

  return {
    async coordinate(tenant) {
      const client = await pool.connect();
      try {
        const { rows: found } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext('klantwaarde.sharded-run'), hashtext(current_schema() || '/' || $1)) AS locked`, [tenant]);
        if (found[0]?.locked !== true) {
          client.release();
          return null;
        }
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          // The lock goes with the connection: a connection that cannot say so is closed, not pooled.
          try {
            await client.query(`SELECT pg_advisory_unlock(hashtext('klantwaarde.sharded-run'), hashtext(current_schema() || '/' || $1))`, [tenant]);
            client.release();
          } catch (error) {
            client.release(error as Error);
          }
        },
      };
    },

    async abandon(tenant, error) {
      const found = await rows(pool, `SELECT DISTINCT s.run_id FROM run_shards s JOIN runs r ON r.id = s.run_id WHERE s.tenant = $1 AND r.status = 'running'`, [tenant]);
      const runIds = found.map((r) => r[0] as string);
      if (runIds.length === 0) return [];
      await pool.query(`UPDATE run_shards SET state = 'failed', error = $2, finished_at = $3 WHERE run_id = ANY($1::text[]) AND state NOT IN ('done', 'failed')`, [runIds, error, Date.now()]);
      await pool.query('DELETE FROM run_stage WHERE run_id = ANY($1::text[])', [runIds]);
      await pool.query('DELETE FROM run_rankings WHERE run_id = ANY($1::text[])', [runIds]);
      return runIds;
    },

    async ranges(tenant, size) {
      const ranges: ShardRange[] = [];
      // Every size-th key closes a range; the last range takes the rest.
      const found = await rows(
        pool,
        `SELECT id, n FROM (SELECT id, row_number() OVER (ORDER BY id) AS n, count(*) OVER () AS total FROM companies WHERE tenant = $1) k
         WHERE n % $2 = 0 OR n = total ORDER BY n`,
        [tenant, size],
      );
      let after: string | null = null;
      let before = 0;
      for (const [id, n] of found as [string, number][]) {
        ranges.push({ shard: ranges.length, after, last: id, companies: Number(n) - before });
        after = id;
        before = Number(n);
      }
      return ranges;
    },

    async plan(runId, stage, ranges) {
      const tenant = (await rows(pool, 'SELECT tenant FROM runs WHERE id = $1', [runId]))[0]?.[0];
      if (typeof tenant !== 'string') throw new Error(`no run ${runId} to plan shards for`);
      await pool.query(
        `INSERT INTO run_shards (run_id, stage, shard, tenant, after_id, last_id, companies)
         SELECT $1, $2, * FROM unnest($3::integer[], $4::text[], $5::text[], $6::text[], $7::integer[])
         ON CONFLICT (run_id, stage, shard) DO UPDATE SET state = 'queued', error = NULL, tally = NULL`,
        [runId, stage, ranges.map((r) => r.shard), ranges.map(() => tenant), ranges.map((r) => r.after), ranges.map((r) => r.last), ranges.map((r) => r.companies)],
      );
    },

    async range(runId, shard) {
      const found = await rows(pool, `SELECT after_id, last_id, companies FROM run_shards WHERE run_id = $1 AND stage = 'figures' AND shard = $2`, [runId, shard]);
      const row = found[0];
      if (!row) throw new Error(`run ${runId} has no shard ${shard}`);
      return { shard, after: row[0] as string | null, last: row[1] as string, companies: Number(row[2]) };
    },

    async started(runId, stage, shard, instance) {
      const { rowCount } = await pool.query(
        `UPDATE run_shards SET state = 'running', instance = $4, attempts = attempts + 1, started_at = $5, finished_at = NULL
         WHERE run_id = $1 AND stage = $2 AND shard = $3 AND state NOT IN ('done', 'failed')`,
        [runId, stage, shard, instance, Date.now()],
      );
      return (rowCount ?? 0) > 0;
    },

    async finished(runId, stage, shard, tally) {
      await pool.query(`UPDATE run_shards SET state = 'done', finished_at = $4, tally = $5, error = NULL WHERE run_id = $1 AND stage = $2 AND shard = $3`, [runId, stage, shard, Date.now(), JSON.stringify(tally)]);
    },

    async attemptFailed(runId, stage, shard, error) {
      await pool.query(`UPDATE run_shards SET state = 'queued', error = $4 WHERE run_id = $1 AND stage = $2 AND shard = $3 AND state <> 'done'`, [runId, stage, shard, error]);
    },

    async failed(runId, stage, shard, error) {
      await pool.query(`UPDATE run_shards SET state = 'failed', finished_at = $4, error = COALESCE(error, $5) WHERE run_id = $1 AND stage = $2 AND shard = $3 AND state <> 'done'`, [
        runId,
        stage,
        shard,
        Date.now(),
        error,
      ]);
    },

    async status(runId) {
      return statusRows(await rows(pool, `SELECT ${STATUS_COLUMNS} FROM run_shards WHERE run_id = $1 ORDER BY ${STAGE_ORDER}, shard`, [runId]));
    },

    async latest(tenant) {
      const found = await rows(pool, `SELECT run_id FROM run_shards s JOIN runs r ON r.id = s.run_id WHERE s.tenant = $1 ORDER BY r.started_at DESC, r.seq DESC LIMIT 1`, [tenant]);
      const runId = found[0]?.[0];
      return typeof runId === 'string' ? this.status(runId) : null;
    },

    async tallies(runId, stage) {
      const found = await rows(pool, `SELECT tally FROM run_shards WHERE run_id = $1 AND stage = $2 AND state = 'done' ORDER BY shard`, [runId, stage]);
      return found.map((r) => (r[0] ?? {}) as ShardTally);
    },

    async companiesIn(tenant, range) {
      const found = await rows(pool, `SELECT id FROM companies WHERE tenant = $1 AND ${inRange('id', 2)} ORDER BY id`, [tenant, ...rangeValues(range)]);
      return found.map((r) => r[0] as string);
    },

    async scanRange(tenant, range, visitor) {
      const scanner = new RecordScanner(visitor);
      const where = `tenant = $1 AND ${inRange('company_id', 2)}`;
      await transaction(
        pool,
        async (client) => {
          // A company's records in id order, as the full run's scan hands them over: its sums come out the same to the last bit.
          await eachRow(client, `SELECT ${DEAL_SCAN_COLUMNS} FROM deals WHERE ${where} ORDER BY company_id, id`, [tenant, ...rangeValues(range)], (row) => scanner.deal(row));
          await eachRow(client, `SELECT ${ACTIVITY_SCAN_COLUMNS} FROM activities WHERE ${where} ORDER BY company_id, id`, [tenant, ...rangeValues(range)], (row) => scanner.activity(row));
        },
        SNAPSHOT,
      );
    },

    async frame(tenant, range) {
      return transaction(
        pool,
        async (client) => {
          const values = [tenant, ...rangeValues(range)];
          const relations = await load(
            client,
            relationsTable,
            `tenant = $1 AND (${inRange('from_company_id', 2)} OR ${inRange('to_company_id', 2)}) ORDER BY from_company_id, to_company_id, kind`,
            values,
          );
          const targets = await load(client, companiesTable, `tenant = $1 AND ${inRange('id', 2)}`, values);
          const targetIds = new Set(targets.map((c) => c.id));
          const outside = new Set<string>();
          for (const r of relations) for (const id of [r.fromCompanyId, r.toCompanyId]) if (!targetIds.has(id)) outside.add(id);
          const related = await load(
            client,
            companiesTable,
            `tenant = $1 AND (id = ANY($4::text[]) OR (${inRange('parent_id', 2)})) AND NOT (${inRange('id', 2)})`,
            [...values, [...outside]],
          );
          const companies = shareCompanyLabels([...targets, ...related].sort((a, b) => compare(a.id, b.id)));
          const ids = companies.map((c) => c.id);
          const overrides = await load(client, overridesTable, 'tenant = $1 AND company_id = ANY($2::text[])', [tenant, ids]);
          return { frame: { companies, relations, overrides }, targets: [...targetIds] };
        },
        SNAPSHOT,
      );
    },

    async saveStates(runId, range, states) {
      await transaction(pool, async (client) => {
        // A shard done again (its instance died) replaces what its earlier attempt kept.
        await client.query(`DELETE FROM run_stage WHERE run_id = $1 AND ${inRange('company_id', 2)}`, [runId, ...rangeValues(range)]);
        const ids = [...states.keys()];
        for (let i = 0; i < ids.length; i += 5000) {
          const part = ids.slice(i, i + 5000);
          await client.query(`INSERT INTO run_stage (run_id, company_id, state) SELECT $1, * FROM unnest($2::text[], $3::bytea[]) ORDER BY 1`, [
            runId,
            part,
            part.map((id) => bytesOf(states.get(id)!)),
          ]);
        }
      });
    },

    async loadStates(runId, companyIds) {
      const found = await rows(pool, 'SELECT company_id, state FROM run_stage WHERE run_id = $1 AND company_id = ANY($2::text[])', [runId, [...companyIds]]);
      return new Map(found.map((r) => [r[0] as string, floatsOf(r[1] as Buffer)]));
    },

    async saveRanked(runId, figures) {
      const column = <T>(pick: (f: RankedFigures) => T) => figures.map(pick);
      await pool.query(
        `UPDATE run_stage AS t SET is_customer = s.c, revenue = s.r, gross_margin = s.gm, net_contribution = s.nc, clv = s.clv, strategic_value = s.sv,
           growth_potential = s.gp, total_value = s.tv, share_of_wallet = s.sw, retention = s.rt, satisfaction = s.sat
         FROM unnest($2::text[], $3::boolean[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::float8[])
           AS s (id, c, r, gm, nc, clv, sv, gp, tv, sw, rt, sat)
         WHERE t.run_id = $1 AND t.company_id = s.id`,
        [
          runId,
          column((f) => f.companyId),
          column((f) => f.isCustomer),
          column((f) => f.revenue),
          column((f) => f.grossMargin),
          column((f) => f.netContribution),
          column((f) => f.clv),
          column((f) => f.strategicValue),
          column((f) => f.growthPotential),
          column((f) => f.totalValue),
          column((f) => f.shareOfWallet),
          column((f) => f.retention),
          column((f) => f.satisfaction),
        ],
      );
    },

    async scanRanked(runId, visit) {
      await transaction(
        pool,
        async (client) => {
          await eachRow(
            client,
            `SELECT company_id, is_customer, revenue, gross_margin, net_contribution, clv, strategic_value, growth_potential, total_value, share_of_wallet, retention, satisfaction
             FROM run_stage WHERE run_id = $1 AND is_customer IS NOT NULL ORDER BY company_id`,
            [runId],
            (r) =>
              visit({
                companyId: r[0] as string,
                isCustomer: r[1] as boolean,
                revenue: r[2] as number,
                grossMargin: r[3] as number,
                netContribution: r[4] as number,
                clv: r[5] as number,
                strategicValue: r[6] as number,
                growthPotential: r[7] as number,
                totalValue: r[8] as number,
                shareOfWallet: r[9] as number | null,
                retention: r[10] as number,
                satisfaction: r[11] as number | null,
              }),
          );
        },
        SNAPSHOT,
      );
    },

    async saveRanking(runId, ranking) {
      const { scalars, columns } = encodeRanking(ranking);
      await pool.query(
        `INSERT INTO run_rankings (run_id, scalars, columns) VALUES ($1, $2, $3) ON CONFLICT (run_id) DO UPDATE SET scalars = excluded.scalars, columns = excluded.columns`,
        [runId, JSON.stringify(scalars), columns],
      );
    },

    async loadRanking(runId) {
      const found = await rows(pool, 'SELECT scalars, columns FROM run_rankings WHERE run_id = $1', [runId]);
      const row = found[0];
      if (!row) throw new Error(`run ${runId} has no ranking yet`);
      return decodeRanking(row[0] as RankingScalars, row[1] as Buffer);
    },

    async levelsOf(tenant, runId, companyIds) {
      const found = await rows(pool, 'SELECT company_id, pyramid_level FROM result_history WHERE tenant = $1 AND run_id = $2 AND company_id = ANY($3::text[])', [tenant, runId, [...companyIds]]);
      return new Map(found.map((r) => [r[0] as string, r[1] as PyramidLevel]));
    },

    async cleanUp(runId) {
      await pool.query('DELETE FROM run_stage WHERE run_id = $1', [runId]);
      await pool.query('DELETE FROM run_rankings WHERE run_id = $1', [runId]);
    },
  };
}

const STATUS_COLUMNS = 'run_id, stage, shard, state, instance, attempts, companies, started_at, finished_at, error';
const STAGE_ORDER = `array_position(ARRAY['figures', 'ranked', 'rank', 'results', 'write'], stage)`;

function statusRows(found: unknown[][]): ShardStatus[] {
  return found.map((r) => ({
    runId: r[0] as string,
    stage: r[1] as ShardStage,
    shard: Number(r[2]),
    state: r[3] as ShardState,
    instance: r[4] as string | null,
    attempts: Number(r[5]),
    companies: Number(r[6]),
    startedAt: r[7] === null ? null : Number(r[7]),
    finishedAt: r[8] === null ? null : Number(r[8]),
    error: r[9] as string | null,
  }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The numbers exactly, as bytes (little-endian doubles). */
function bytesOf(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

function floatsOf(bytes: Buffer): Float64Array {
  // A copy: the driver's buffer need not be aligned to 8 bytes.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

/** A ranking's numbers that are not columns; ±Infinity as strings (JSON has none). */
interface RankingScalars {
  customers: number;
  topCount: number;
  minA: number | string;
  minB: number | string;
  growthTopQuartileMin: number | string;
  totals: number;
  elements: { element: ScoreElement; length: number }[];
}

const toJson = (n: number): number | string => (Number.isFinite(n) ? n : String(n));
const fromJson = (n: number | string): number => (typeof n === 'number' ? n : Number(n));

export function encodeRanking(ranking: Ranking): { scalars: RankingScalars; columns: Buffer } {
  const elements = [...ranking.elementValues].map(([element, values]) => ({ element, values }));
  const parts = [ranking.totalsDesc, ...elements.map((e) => e.values)];
  return {
    scalars: {
      customers: ranking.customers,
      topCount: ranking.topCount,
      minA: toJson(ranking.minA),
      minB: toJson(ranking.minB),
      growthTopQuartileMin: toJson(ranking.growthTopQuartileMin),
      totals: ranking.totalsDesc.length,
      elements: elements.map((e) => ({ element: e.element, length: e.values.length })),
    },
    columns: Buffer.concat(parts.map(bytesOf)),
  };
}

export function decodeRanking(scalars: RankingScalars, columns: Buffer): Ranking {
  const all = floatsOf(columns);
  let at = 0;
  const take = (n: number) => all.slice(at, (at += n));
  const totalsDesc = take(scalars.totals);
  const elementValues = new Map<ScoreElement, Float64Array>();
  for (const e of scalars.elements) elementValues.set(e.element, take(e.length));
  return {
    customers: scalars.customers,
    totalsDesc,
    topCount: scalars.topCount,
    minA: fromJson(scalars.minA),
    minB: fromJson(scalars.minB),
    growthTopQuartileMin: fromJson(scalars.growthTopQuartileMin),
    elementValues,
  };
}
