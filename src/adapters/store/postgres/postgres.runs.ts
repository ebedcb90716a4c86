// The run half of the PostgreSQL store: runs, their results and history, what was written
// to the CRM, and checkpoints.
import type { Pool, PoolClient } from 'pg';
import { AppError } from '../../../app/errors.ts';
import type { Store, WrittenValues } from '../../../app/ports/store.port.ts';
import type { CompanyResult } from '../../../domain/results.ts';
import type { Cell } from '../portfolio.tables.ts';
import { goalRecordFromRow, HISTORY_COLUMNS, HISTORY_FIGURES, HISTORY_UPDATE, RUN_COLUMNS, startedRun, historyCells, historyFromRow, lastPerCompany, rankedCell, rankedFromRow, runFromRow } from '../run.rows.ts';
import { storedJson, storedText } from '../stored-text.ts';
import { copyRows } from './pg-copy.ts';
import { rows, transaction } from './pg.client.ts';

type RunMethods = Omit<
  Store,
  'migrate' | 'close' | 'applyChanges' | 'replacePortfolio' | 'clearPortfolio' | 'moveInstants' | 'listOwners' | 'loadPortfolio' | 'loadFrame' | 'scanRecords' | 'loadCompanies' | 'loadDependencyLinks' | 'countCompanies' | 'tenantsWithCompany' | 'companiesOfRecords' | 'setOverride' | 'removeOverride' | 'listTasks' | 'saveTasks' | 'deleteTasks'
>;

const NEWEST_FIRST = 'ORDER BY started_at DESC, seq DESC';

async function stageResults(client: PoolClient, results: readonly CompanyResult[]): Promise<void> {
  await client.query(`CREATE TEMP TABLE stage_results (company_id text COLLATE "C", result json, ranked text, segment text, segment_computed text,
    pyramid_level text, total_value double precision, net_contribution double precision, revenue double precision,
    gross_margin double precision, cost_to_serve double precision, clv double precision, strategic_value double precision) ON COMMIT DROP`);
  const cells = function* (): Generator<Cell[]> {
    for (const r of results) yield [storedText(r.companyId), storedJson(r), rankedCell(r), ...historyCells(r)];
  };
  await copyRows(client, 'stage_results', ['company_id', 'result', 'ranked', ...HISTORY_FIGURES], cells());
}

export function postgresRuns(pool: Pool): RunMethods {
  return {
    async startRun(run) {
      const record = startedRun(run);
      await pool.query(`INSERT INTO runs (${RUN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, '{}', NULL, NULL)`, [
        record.id, record.tenant, record.kind, record.status, record.startedAt, record.asOf, record.configHash,
      ]);
      return record;
    },

    async finishRun(runId, outcome) {
      const { rowCount } = await pool.query('UPDATE runs SET status = $1, counts = $2, agreement_rate = $3, error = $4, finished_at = $5 WHERE id = $6', [
        outcome.status, JSON.stringify(outcome.counts), outcome.agreementRate, outcome.error === null ? null : storedText(outcome.error), outcome.finishedAt, runId,
      ]);
      if (rowCount === 0) throw new AppError('store.not_found', `There is no run ${runId}.`);
    },

    async listRuns(tenant, limit) {
      return (await rows(pool, `SELECT ${RUN_COLUMNS} FROM runs WHERE tenant = $1 ${NEWEST_FIRST} LIMIT $2`, [tenant, limit])).map(runFromRow);
    },

    async lastRun(tenant, kind, status, before) {
      const found = await rows(
        pool,
        `SELECT ${RUN_COLUMNS} FROM runs WHERE tenant = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR status = $3)
           AND ($4::text IS NULL OR (started_at, seq) < (SELECT started_at, seq FROM runs WHERE id = $4)) ${NEWEST_FIRST} LIMIT 1`,
        [tenant, kind ?? null, status ?? null, before?.id ?? null],
      );
      return found[0] ? runFromRow(found[0]) : null;
    },

    async saveResults(tenant, runId, asOf, results) {
      await transaction(pool, async (client) => {
        const run = await client.query('SELECT 1 FROM runs WHERE id = $1 AND tenant = $2', [runId, tenant]);
        if (run.rowCount === 0) throw new AppError('store.not_found', `Tenant ${tenant} has no run ${runId}.`);
        if (results.length === 0) return;
        await stageResults(client, lastPerCompany(results));
        // In company order, so two runs saving overlapping companies lock rows in one order.
        await client.query(
          `INSERT INTO latest_results (tenant, company_id, run_id, as_of, result, ranked)
           SELECT $1::text, company_id, $2::text, $3::bigint, result, ranked FROM stage_results ORDER BY company_id
           ON CONFLICT (tenant, company_id) DO UPDATE SET run_id = excluded.run_id, as_of = excluded.as_of, result = excluded.result, ranked = excluded.ranked`,
          [tenant, runId, asOf],
        );
        await client.query(
          `INSERT INTO result_history (tenant, ${HISTORY_COLUMNS})
           SELECT $1::text, $2::text, company_id, $3::bigint, ${HISTORY_FIGURES.join(', ')}
           FROM stage_results ORDER BY company_id
           ON CONFLICT (tenant, run_id, company_id) DO UPDATE SET as_of = excluded.as_of, ${HISTORY_UPDATE}`,
          [tenant, runId, asOf],
        );
      });
    },

    async latestResult(tenant, companyId) {
      const found = await rows(pool, 'SELECT result FROM latest_results WHERE tenant = $1 AND company_id = $2', [tenant, companyId]);
      return found[0] ? (found[0][0] as CompanyResult) : null;
    },

    async latestResultsAfter(tenant, after, limit) {
      const found = await rows(pool, 'SELECT result, as_of FROM latest_results WHERE tenant = $1 AND company_id > $2 ORDER BY company_id LIMIT $3', [tenant, after ?? '', limit]);
      return found.map((r) => ({ result: r[0] as CompanyResult, computedAt: Number(r[1]) }));
    },

    async latestRanked(tenant) {
      const found = await rows(pool, 'SELECT company_id, ranked, CASE WHEN ranked IS NULL THEN result END FROM latest_results WHERE tenant = $1 ORDER BY company_id', [tenant]);
      return found.map((r) => rankedFromRow(r[0] as string, r[1] as string | null, () => r[2] as CompanyResult));
    },

    async latestResults(tenant) {
      return (await rows(pool, 'SELECT result FROM latest_results WHERE tenant = $1 ORDER BY company_id', [tenant])).map((r) => r[0] as CompanyResult);
    },

    async history(tenant, companyId, limit) {
      const found = await rows(
        pool,
        `SELECT ${HISTORY_COLUMNS} FROM result_history WHERE tenant = $1 AND company_id = $2 ORDER BY as_of DESC, run_id DESC LIMIT $3`,
        [tenant, companyId, limit],
      );
      return found.map(historyFromRow);
    },

    async runHistory(runId) {
      const found = await rows(
        pool,
        `SELECT ${HISTORY_COLUMNS} FROM result_history WHERE tenant = (SELECT tenant FROM runs WHERE id = $1) AND run_id = $1 ORDER BY company_id`,
        [runId],
      );
      return found.map(historyFromRow);
    },

    async saveGoalProgress(tenant, runId, goals) {
      const { rowCount } = await pool.query(
        `INSERT INTO goal_progress (tenant, run_id, progress) SELECT $1, $2, $3::jsonb WHERE EXISTS (SELECT 1 FROM runs WHERE id = $2 AND tenant = $1)
         ON CONFLICT (tenant, run_id) DO UPDATE SET progress = excluded.progress`,
        [tenant, runId, storedJson(goals)],
      );
      if (rowCount === 0) throw new AppError('store.not_found', `Tenant ${tenant} has no run ${runId}.`);
    },

    async goalHistory(tenant, limit) {
      const found = await rows(
        pool,
        `SELECT g.run_id, r.as_of, g.progress FROM goal_progress g JOIN runs r ON r.id = g.run_id AND r.tenant = g.tenant
         WHERE g.tenant = $1 AND r.status = 'succeeded' ORDER BY r.started_at DESC, r.seq DESC LIMIT $2`,
        [tenant, limit],
      );
      return found.map(goalRecordFromRow);
    },

    async getWritten(tenant, companyIds) {
      const found = await rows(pool, 'SELECT company_id, properties FROM written_values WHERE tenant = $1 AND company_id = ANY($2::text[])', [
        tenant,
        [...new Set(companyIds)],
      ]);
      return new Map(found.map((r) => [r[0] as string, r[1] as WrittenValues]));
    },

    async markWritten(tenant, written) {
      if (written.size === 0) return;
      await transaction(pool, async (client) => {
        await client.query('CREATE TEMP TABLE stage_written (company_id text COLLATE "C", properties jsonb) ON COMMIT DROP');
        const cells = function* (): Generator<Cell[]> {
          for (const [companyId, values] of written) yield [storedText(companyId), storedJson(values)];
        };
        await copyRows(client, 'stage_written', ['company_id', 'properties'], cells());
        // jsonb || keeps the newer value of each property, nulls included.
        await client.query(
          `INSERT INTO written_values (tenant, company_id, properties) SELECT $1::text, company_id, properties FROM stage_written ORDER BY company_id
           ON CONFLICT (tenant, company_id) DO UPDATE SET properties = written_values.properties || excluded.properties`,
          [tenant],
        );
      });
    },

    async getCheckpoint(tenant, key) {
      const found = await rows(pool, 'SELECT value FROM checkpoints WHERE tenant = $1 AND name = $2', [tenant, key]);
      return found[0] ? (found[0][0] as string) : null;
    },

    async setCheckpoint(tenant, key, value) {
      await pool.query('INSERT INTO checkpoints (tenant, name, value) VALUES ($1, $2, $3) ON CONFLICT (tenant, name) DO UPDATE SET value = excluded.value', [
        tenant, key, storedText(value),
      ]);
    },

    async listTenants() {
      // A tenant exists once it has records, a run, or a checkpoint (an installed portal
      // keeps its tokens there before the first sync).
      const found = await rows(pool, 'SELECT tenant FROM companies UNION SELECT tenant FROM checkpoints UNION SELECT tenant FROM runs ORDER BY tenant');
      return found.map((r) => r[0] as string);
    },
  };
}
