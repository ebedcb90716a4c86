// The run half of the SQLite store: runs, their results and history, what was written to
// the CRM, and checkpoints.
import { AppError } from '../../../app/errors.ts';
import type { Store, TenantId, WrittenValues } from '../../../app/ports/store.port.ts';
import type { CompanyResult } from '../../../domain/results.ts';
import { goalRecordFromRow, HISTORY_COLUMNS, HISTORY_FIGURES, HISTORY_UPDATE, RUN_COLUMNS, startedRun, historyCells, historyFromRow, lastPerCompany, rankedCell, rankedFromRow, runFromRow } from '../run.rows.ts';
import type { RankedFigures } from '../../../domain/ranking.ts';
import { storedJson, storedText } from '../stored-text.ts';
import { idList, inKeyChunks, type Sqlite } from './sqlite.db.ts';

type RunMethods = Omit<
  Store,
  'migrate' | 'close' | 'applyChanges' | 'replacePortfolio' | 'clearPortfolio' | 'moveInstants' | 'listOwners' | 'loadPortfolio' | 'loadFrame' | 'scanRecords' | 'loadCompanies' | 'loadDependencyLinks' | 'countCompanies' | 'tenantsWithCompany' | 'companiesOfRecords' | 'setOverride' | 'removeOverride' | 'listTasks' | 'saveTasks' | 'deleteTasks'
>;

const NEWEST_FIRST = 'ORDER BY started_at DESC, seq DESC';
/** Ranked lines per SELECT when a cold incremental run reads them all. */
const RANKED_CHUNK = 10_000;

export function sqliteRuns(sql: Sqlite): RunMethods {
  const runOf = (tenant: TenantId, runId: string) => sql.rows('SELECT 1 FROM runs WHERE id = ? AND tenant = ?', runId, tenant).length > 0;

  return {
    async startRun(run) {
      const record = startedRun(run);
      sql
        .statement(`INSERT INTO runs (${RUN_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, '{}', NULL, NULL)`)
        .run(record.id, record.tenant, record.kind, record.status, record.startedAt, record.asOf, record.configHash);
      return record;
    },

    async finishRun(runId, outcome) {
      const { changes } = sql
        .statement('UPDATE runs SET status = ?, counts = ?, agreement_rate = ?, error = ?, finished_at = ? WHERE id = ?')
        .run(outcome.status, JSON.stringify(outcome.counts), outcome.agreementRate, outcome.error === null ? null : storedText(outcome.error), outcome.finishedAt, runId);
      if (changes === 0) throw new AppError('store.not_found', `There is no run ${runId}.`);
    },

    async listRuns(tenant, limit) {
      return sql.rows(`SELECT ${RUN_COLUMNS} FROM runs WHERE tenant = ? ${NEWEST_FIRST} LIMIT ?`, tenant, limit).map(runFromRow);
    },

    async lastRun(tenant, kind, status, before) {
      const rows = sql.rows(
        `SELECT ${RUN_COLUMNS} FROM runs WHERE tenant = ?1 AND (?2 IS NULL OR kind = ?2) AND (?3 IS NULL OR status = ?3)
           AND (?4 IS NULL OR (started_at, seq) < (SELECT started_at, seq FROM runs WHERE id = ?4)) ${NEWEST_FIRST} LIMIT 1`,
        tenant,
        kind ?? null,
        status ?? null,
        before?.id ?? null,
      );
      return rows[0] ? runFromRow(rows[0]) : null;
    },

    async saveResults(tenant, runId, asOf, results: readonly CompanyResult[]) {
      sql.write(() => {
        if (!runOf(tenant, runId)) throw new AppError('store.not_found', `Tenant ${tenant} has no run ${runId}.`);
        const latest = sql.statement(`INSERT INTO latest_results (tenant, company_id, run_id, as_of, result, ranked) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (tenant, company_id) DO UPDATE SET run_id = excluded.run_id, as_of = excluded.as_of, result = excluded.result, ranked = excluded.ranked`);
        const history = sql.statement(`INSERT INTO result_history (tenant, ${HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ${HISTORY_FIGURES.map(() => '?').join(', ')})
          ON CONFLICT (tenant, run_id, company_id) DO UPDATE SET as_of = excluded.as_of, ${HISTORY_UPDATE}`);
        for (const result of lastPerCompany(results)) {
          const companyId = storedText(result.companyId);
          latest.run(tenant, companyId, runId, asOf, storedJson(result), rankedCell(result));
          history.run(tenant, runId, companyId, asOf, ...historyCells(result));
        }
      });
    },

    async latestResult(tenant, companyId) {
      const rows = sql.rows('SELECT result FROM latest_results WHERE tenant = ? AND company_id = ?', tenant, companyId);
      return rows[0] ? (JSON.parse(rows[0][0] as string) as CompanyResult) : null;
    },

    async latestResultsAfter(tenant, after, limit) {
      return sql
        .rows('SELECT result, as_of FROM latest_results WHERE tenant = ? AND company_id > ? ORDER BY company_id LIMIT ?', tenant, after ?? '', limit)
        .map((r) => ({ result: JSON.parse(r[0] as string) as CompanyResult, computedAt: Number(r[1]) }));
    },

    async latestRanked(tenant) {
      // From the covering index alone; only a row stored before the ranked column existed
      // has its result read (and the ranked figures taken from it).
      // In chunks of rows (inKeyChunks), not an iterator step per row.
      const out: RankedFigures[] = [];
      const resultOf = sql.statement('SELECT result FROM latest_results WHERE tenant = ? AND company_id = ?', true);
      const chunk = sql.statement('SELECT company_id, ranked FROM latest_results INDEXED BY latest_results_ranked WHERE tenant = ?1 AND company_id > ?2 ORDER BY company_id LIMIT ?3', true);
      sql.read(() =>
        inKeyChunks(chunk, tenant, RANKED_CHUNK, (rows) => {
          for (const [companyId, ranked] of rows as [string, string | null][]) {
            out.push(rankedFromRow(companyId, ranked, () => JSON.parse((resultOf.get(tenant, companyId) as unknown as [string])[0]) as CompanyResult));
          }
        }),
      );
      return out;
    },

    async latestResults(tenant) {
      const out: CompanyResult[] = [];
      for (const row of sql.statement('SELECT result FROM latest_results WHERE tenant = ? ORDER BY company_id', true).iterate(tenant)) {
        out.push(JSON.parse((row as unknown as unknown[])[0] as string) as CompanyResult);
      }
      return out;
    },

    async history(tenant, companyId, limit) {
      return sql
        .rows(`SELECT ${HISTORY_COLUMNS} FROM result_history WHERE tenant = ? AND company_id = ? ORDER BY as_of DESC, run_id DESC LIMIT ?`, tenant, companyId, limit)
        .map(historyFromRow);
    },

    async runHistory(runId) {
      return sql
        .rows(`SELECT ${HISTORY_COLUMNS} FROM result_history WHERE tenant = (SELECT tenant FROM runs WHERE id = ?1) AND run_id = ?1 ORDER BY company_id`, runId)
        .map(historyFromRow);
    },

    async saveGoalProgress(tenant, runId, goals) {
      sql.write(() => {
        if (!runOf(tenant, runId)) throw new AppError('store.not_found', `Tenant ${tenant} has no run ${runId}.`);
        sql
          .statement('INSERT INTO goal_progress (tenant, run_id, progress) VALUES (?, ?, ?) ON CONFLICT (tenant, run_id) DO UPDATE SET progress = excluded.progress')
          .run(tenant, runId, storedJson(goals));
      });
    },

    async goalHistory(tenant, limit) {
      return sql
        .rows(
          `SELECT g.run_id, r.as_of, g.progress FROM goal_progress g JOIN runs r ON r.id = g.run_id AND r.tenant = g.tenant
           WHERE g.tenant = ? AND r.status = 'succeeded' ORDER BY r.started_at DESC, r.seq DESC LIMIT ?`,
          tenant,
          limit,
        )
        .map((r) => goalRecordFromRow(r));
    },

    async getWritten(tenant, companyIds) {
      const rows = sql.rows('SELECT company_id, properties FROM written_values WHERE tenant = ? AND company_id IN (SELECT value FROM json_each(?))', tenant, idList(new Set(companyIds)));
      return new Map(rows.map((r) => [r[0] as string, JSON.parse(r[1] as string) as WrittenValues]));
    },

    async markWritten(tenant, written) {
      sql.write(() => {
        const current = sql.statement('SELECT properties FROM written_values WHERE tenant = ? AND company_id = ?', true);
        const save = sql.statement(`INSERT INTO written_values (tenant, company_id, properties) VALUES (?, ?, ?)
          ON CONFLICT (tenant, company_id) DO UPDATE SET properties = excluded.properties`);
        for (const [id, values] of written) {
          const companyId = storedText(id);
          const before = current.get(tenant, companyId) as unknown as [string] | undefined;
          const merged = before ? { ...(JSON.parse(before[0]) as WrittenValues), ...values } : values;
          save.run(tenant, companyId, storedJson(merged));
        }
      });
    },

    async getCheckpoint(tenant, key) {
      const rows = sql.rows('SELECT value FROM checkpoints WHERE tenant = ? AND name = ?', tenant, key);
      return rows[0] ? (rows[0][0] as string) : null;
    },

    async setCheckpoint(tenant, key, value) {
      sql
        .statement('INSERT INTO checkpoints (tenant, name, value) VALUES (?, ?, ?) ON CONFLICT (tenant, name) DO UPDATE SET value = excluded.value')
        .run(tenant, key, storedText(value));
    },

    async listTenants() {
      // A tenant exists once it has records, a run, or a checkpoint (an installed portal
      // keeps its tokens there before the first sync).
      return sql.rows('SELECT tenant FROM companies UNION SELECT tenant FROM checkpoints UNION SELECT tenant FROM runs ORDER BY tenant').map((r) => r[0] as string);
    },
  };
}
