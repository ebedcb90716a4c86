// The portfolio half of the PostgreSQL store. Bulk writes COPY the records into a temporary
// table and merge from there (update what changed, insert what is new), so a 5,000,000-row
// import costs a few statements instead of thousands of round trips.
import type { Pool, PoolClient } from 'pg';
import type { BatchRows, PortfolioChanges, Store, TenantId } from '../../../app/ports/store.port.ts';
import type { Activity, Deal, Portfolio } from '../../../domain/records.ts';
import {
  activitiesTable,
  companiesTable,
  dealsTable,
  INSTANT_COLUMNS,
  overridesTable,
  ownersTable,
  PORTFOLIO_TABLES,
  relationsTable,
  type Cell,
  type ColumnType,
  type PortfolioTable,
} from '../portfolio.tables.ts';
import { storedIds, storedText } from '../stored-text.ts';
import { noCounts, pageRecords, recordsIn, REPLACED } from '../replacement.ts';
import { copyRows } from './pg-copy.ts';
import { ACTIVITY_SCAN_COLUMNS, DEAL_SCAN_COLUMNS, RecordScanner, shareCompanyLabels } from '../record-scan.ts';
import { eachRow, lockTenant, rows, transaction } from './pg.client.ts';

type PortfolioMethods = Pick<
  Store,
  'applyChanges' | 'replacePortfolio' | 'clearPortfolio' | 'moveInstants' | 'listOwners' | 'loadPortfolio' | 'loadFrame' | 'scanRecords' | 'loadCompanies' | 'loadDependencyLinks' | 'countCompanies' | 'tenantsWithCompany' | 'companiesOfRecords' | 'setOverride' | 'removeOverride'
>;

const PG_TYPES: Record<ColumnType, string> = { text: 'text COLLATE "C"', bigint: 'bigint', float8: 'double precision', boolean: 'boolean' };
/**
 * From this many staged rows the merge is a bulk job: the staged rows get statistics, the
 * transaction more memory for hashing (the default 4 MB spills a 5,000,000-row join to
 * disk in 128 batches), and the tables fresh statistics after the commit.
 */
const BULK_FROM = 5000;
const BULK_WORK_MEM = '256MB';
const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

/** The records as COPY rows, each numbered so the merge can tell which came last. */
function* numbered<R>(records: readonly R[], toRow: (record: R) => Cell[]): Generator<Cell[]> {
  for (let i = 0; i < records.length; i++) yield [i, ...toRow(records[i]!)];
}

async function upsert<R>(client: PoolClient, tenant: TenantId, table: PortfolioTable<R>, records: readonly R[] | undefined): Promise<void> {
  if (!records || records.length === 0) return;
  const stage = `stage_${table.name}`;
  const columns = table.columns.map((c) => c.name);
  const key = table.key.join(', ');
  const rest = columns.filter((c) => !table.key.includes(c));
  const sameKey = table.key.map((k) => `t.${k} = s.${k}`).join(' AND ');
  await client.query(`CREATE TEMP TABLE ${stage} (n integer, ${table.columns.map((c) => `${c.name} ${PG_TYPES[c.type]}`).join(', ')}) ON COMMIT DROP`);
  await copyRows(client, stage, ['n', ...columns], numbered(records, table.toRow));
  if (records.length >= BULK_FROM) await client.query(`ANALYZE ${stage}`);
  // A key given twice keeps its last record. Sorted by key, this also lets PostgreSQL
  // merge-join against the primary key instead of hashing the whole tenant.
  const latest = `(SELECT DISTINCT ON (${key}) * FROM ${stage} ORDER BY ${key}, n DESC)`;
  if (rest.length > 0) {
    await client.query(
      `UPDATE ${table.name} AS t SET ${rest.map((c) => `${c} = s.${c}`).join(', ')} FROM ${latest} AS s
       WHERE t.tenant = $1 AND ${sameKey} AND (${rest.map((c) => `t.${c}`).join(', ')}) IS DISTINCT FROM (${rest.map((c) => `s.${c}`).join(', ')})`,
      [tenant],
    );
  }
  // In key order, so the primary-key index grows page by page instead of at random.
  await client.query(
    `INSERT INTO ${table.name} (tenant, ${columns.join(', ')}) SELECT $1::text, ${columns.map((c) => `s.${c}`).join(', ')} FROM ${latest} AS s
     WHERE NOT EXISTS (SELECT 1 FROM ${table.name} AS t WHERE t.tenant = $1::text AND ${sameKey}) ORDER BY ${table.key.map((k) => `s.${k}`).join(', ')}`,
    [tenant],
  );
}

async function deleteCompanies(client: PoolClient, tenant: TenantId, ids: readonly string[]): Promise<void> {
  for (const table of ['deals', 'activities', 'overrides', 'latest_results', 'written_values']) {
    await client.query(`DELETE FROM ${table} WHERE tenant = $1 AND company_id = ANY($2::text[])`, [tenant, ids]);
  }
  await client.query('DELETE FROM relations WHERE tenant = $1 AND (from_company_id = ANY($2::text[]) OR to_company_id = ANY($2::text[]))', [tenant, ids]);
  await client.query('DELETE FROM companies WHERE tenant = $1 AND id = ANY($2::text[])', [tenant, ids]);
}

/** The records of a table that match `where` (rows streamed, one record each). */
export async function load<R>(client: PoolClient, table: PortfolioTable<R>, where: string, values: unknown[]): Promise<R[]> {
  const out: R[] = [];
  await eachRow(client, `SELECT ${table.columns.map((c) => c.name).join(', ')} FROM ${table.name} WHERE ${where}`, values, (row) => {
    out.push(table.fromRow(row));
  });
  return out;
}

export function postgresPortfolio(pool: Pool): PortfolioMethods {
  return {
    async applyChanges(tenant, changes: PortfolioChanges) {
      const bulk = PORTFOLIO_TABLES.filter((t) => (changes[t.name]?.length ?? 0) >= BULK_FROM).map((t) => t.name);
      await transaction(pool, async (client) => {
        await lockTenant(client, tenant);
        if (bulk.length > 0) await client.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
        await upsert(client, tenant, companiesTable, changes.companies);
        await upsert(client, tenant, dealsTable, changes.deals);
        await upsert(client, tenant, activitiesTable, changes.activities);
        await upsert(client, tenant, relationsTable, changes.relations);
        await upsert(client, tenant, overridesTable, changes.overrides);
        await upsert(client, tenant, ownersTable, changes.owners);
        // Deletions last: a record deleted in the CRM stays deleted whatever else the change holds.
        if (changes.deletedDealIds?.length) {
          await client.query('DELETE FROM deals WHERE tenant = $1 AND id = ANY($2::text[])', [tenant, storedIds(changes.deletedDealIds)]);
        }
        if (changes.deletedActivityIds?.length) {
          await client.query('DELETE FROM activities WHERE tenant = $1 AND id = ANY($2::text[])', [tenant, storedIds(changes.deletedActivityIds)]);
        }
        if (changes.deletedRelations?.length) {
          const keys = changes.deletedRelations.map((r) => relationsTable.toRow(r));
          await client.query(
            `DELETE FROM relations WHERE tenant = $1 AND (from_company_id, to_company_id, kind) IN
               (SELECT * FROM unnest($2::text[], $3::text[], $4::text[]))`,
            [tenant, keys.map((k) => k[0]), keys.map((k) => k[1]), keys.map((k) => k[2])],
          );
        }
        if (changes.deletedCompanyIds?.length) await deleteCompanies(client, tenant, storedIds(changes.deletedCompanyIds));
      });
      // Autovacuum would get there within a minute or so; the next sync or load should not
      // be planned on the statistics of the empty tables. The change is committed by now,
      // so a failure here must not report it as failed.
      for (const table of bulk) await pool.query(`ANALYZE ${table}`).catch(() => undefined);
    },

    async replacePortfolio(tenant, fill) {
      return transaction(pool, async (client) => {
        await lockTenant(client, tenant);
        await client.query(`SET LOCAL work_mem = '${BULK_WORK_MEM}'`);
        const oldCompanies = (await client.query<{ id: string }>('SELECT id FROM companies WHERE tenant = $1', [tenant])).rows.map((r) => r.id);
        // What the old portfolio had, by key, to count what the new one lacks (nothing to stash on a first import).
        const stashed: string[] = [];
        for (const { kind, table, key } of REPLACED) {
          if (kind === 'companies' || (await client.query(`SELECT 1 FROM ${table} WHERE tenant = $1 LIMIT 1`, [tenant])).rowCount === 0) continue;
          await client.query(`CREATE TEMP TABLE kw_replaced_${kind} ON COMMIT DROP AS SELECT ${key.join(', ')} FROM ${table} WHERE tenant = $1`, [tenant]);
          stashed.push(kind);
        }
        for (const { table } of REPLACED) await client.query(`DELETE FROM ${table} WHERE tenant = $1`, [tenant]);
        const newCompanies = new Set<string>();
        let records = 0;
        const copy = async <R>(table: PortfolioTable<R>, records: readonly R[] | undefined, batch?: BatchRows<R>, scratch?: R) => {
          const page = pageRecords(records, batch, scratch as R);
          if (page.count === 0) return;
          await copyRows(client, table.name, ['tenant', ...table.columns.map((c) => c.name)], (function* () {
            for (let k = 0; k < page.count; k++) {
              const row: Cell[] = [tenant];
              table.cells(page.at(k), row);
              yield row;
            }
          })());
        };
        const scratch = { deal: {} as Deal, activity: {} as Activity };
        await fill(async (page) => {
          await copy(companiesTable, page.companies);
          await copy(dealsTable, page.deals, page.dealRows, scratch.deal);
          await copy(activitiesTable, page.activities, page.activityRows, scratch.activity);
          await copy(relationsTable, page.relations);
          await copy(overridesTable, page.overrides);
          for (const c of page.companies ?? []) newCompanies.add(storedText(c.id));
          records += recordsIn(page);
        });
        const removed = noCounts();
        const removedCompanyIds = oldCompanies.filter((id) => !newCompanies.has(id));
        removed.companies = removedCompanyIds.length;
        for (const { kind, table, key } of REPLACED) {
          if (!stashed.includes(kind)) continue;
          const { rows: found } = await client.query<{ n: number }>(
            `SELECT count(*)::integer AS n FROM kw_replaced_${kind} o WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.tenant = $1 AND ${key.map((k) => `t.${k} = o.${k}`).join(' AND ')})`,
            [tenant],
          );
          removed[kind] = found[0]!.n;
        }
        if (removedCompanyIds.length > 0) {
          for (const table of ['latest_results', 'written_values']) await client.query(`DELETE FROM ${table} WHERE tenant = $1 AND company_id = ANY($2::text[])`, [tenant, removedCompanyIds]);
        }
        for (const { table } of REPLACED) await client.query(`ANALYZE ${table}`);
        return { records, removed, removedCompanyIds };
      });
    },

    async moveInstants(tenant, by) {
      await transaction(pool, async (client) => {
        await lockTenant(client, tenant);
        for (const [table, columns] of Object.entries(INSTANT_COLUMNS)) {
          // NULL (an override that never expires) stays NULL.
          await client.query(`UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} + $1::bigint`).join(', ')} WHERE tenant = $2`, [by, tenant]);
        }
      });
    },

    async clearPortfolio(tenant) {
      await transaction(pool, async (client) => {
        await lockTenant(client, tenant);
        for (const table of ['companies', 'deals', 'activities', 'relations', 'overrides', 'owners']) {
          await client.query(`DELETE FROM ${table} WHERE tenant = $1`, [tenant]);
        }
      });
    },

    async listOwners(tenant) {
      const found = await rows(pool, `SELECT ${ownersTable.columns.map((c) => c.name).join(', ')} FROM owners WHERE tenant = $1 ORDER BY id`, [tenant]);
      return found.map((row) => ownersTable.fromRow(row));
    },

    async loadPortfolio(tenant): Promise<Portfolio> {
      return transaction(
        pool,
        async (client) => ({
          companies: await load(client, companiesTable, 'tenant = $1', [tenant]),
          deals: await load(client, dealsTable, 'tenant = $1', [tenant]),
          activities: await load(client, activitiesTable, 'tenant = $1', [tenant]),
          relations: await load(client, relationsTable, 'tenant = $1', [tenant]),
          overrides: await load(client, overridesTable, 'tenant = $1', [tenant]),
        }),
        SNAPSHOT,
      );
    },

    async loadFrame(tenant) {
      return transaction(
        pool,
        async (client) => ({
          companies: shareCompanyLabels(await load(client, companiesTable, 'tenant = $1 ORDER BY id', [tenant])),
          // In key order: a company's referral and influence shares are summed in this order, and a sharded run sums them in the same.
          relations: await load(client, relationsTable, 'tenant = $1 ORDER BY from_company_id, to_company_id, kind', [tenant]),
          overrides: await load(client, overridesTable, 'tenant = $1', [tenant]),
        }),
        SNAPSHOT,
      );
    },

    async scanRecords(tenant, visitor) {
      const scanner = new RecordScanner(visitor);
      // One snapshot; rows are handed over as they arrive from the server, none kept.
      await transaction(
        pool,
        async (client) => {
          await eachRow(client, `SELECT ${DEAL_SCAN_COLUMNS} FROM deals WHERE tenant = $1 ORDER BY id`, [tenant], (row) => scanner.deal(row));
          await eachRow(client, `SELECT ${ACTIVITY_SCAN_COLUMNS} FROM activities WHERE tenant = $1 ORDER BY id`, [tenant], (row) => scanner.activity(row));
        },
        SNAPSHOT,
      );
    },

    async loadCompanies(tenant, companyIds): Promise<Portfolio> {
      const wanted = [...new Set(companyIds)];
      return transaction(
        pool,
        async (client) => {
          const relations = await load(
            client,
            relationsTable,
            `tenant = $1 AND from_company_id = ANY($2::text[])
             UNION SELECT from_company_id, to_company_id, kind FROM relations WHERE tenant = $1 AND to_company_id = ANY($2::text[])`,
            [tenant, wanted],
          );
          // The other side of a relation, and a parent's children (its influence with
          // strategic.parentInfluence), come along with their deals: referral and influence
          // value are shares of those companies' revenue and margin.
          const children = await load(client, companiesTable, 'tenant = $1 AND parent_id = ANY($2::text[])', [tenant, wanted]);
          const withRelated = new Set(wanted);
          for (const r of relations) withRelated.add(r.fromCompanyId).add(r.toCompanyId);
          for (const c of children) withRelated.delete(c.id);
          const companies = await load(client, companiesTable, 'tenant = $1 AND id = ANY($2::text[])', [tenant, [...withRelated]]);
          for (const c of children) withRelated.add(c.id);
          const all = [...withRelated];
          return {
            companies: [...companies, ...children],
            deals: await load(client, dealsTable, 'tenant = $1 AND company_id = ANY($2::text[])', [tenant, all]),
            activities: await load(client, activitiesTable, 'tenant = $1 AND company_id = ANY($2::text[])', [tenant, wanted]),
            relations,
            overrides: await load(client, overridesTable, 'tenant = $1 AND company_id = ANY($2::text[])', [tenant, all]),
          };
        },
        SNAPSHOT,
      );
    },

    async loadDependencyLinks(tenant, companyIds) {
      const ids = [...new Set(companyIds)];
      return transaction(
        pool,
        async (client) => ({
          companies: await load(client, companiesTable, 'tenant = $1 AND id = ANY($2::text[])', [tenant, ids]),
          relations: await load(client, relationsTable, 'tenant = $1 AND to_company_id = ANY($2::text[])', [tenant, ids]),
        }),
        SNAPSHOT,
      );
    },

    async countCompanies(tenant) {
      return (await rows(pool, 'SELECT count(*)::integer FROM companies WHERE tenant = $1', [tenant]))[0]![0] as number;
    },

    async companiesOfRecords(tenant, { dealIds = [], activityIds = [] }) {
      if (dealIds.length === 0 && activityIds.length === 0) return [];
      const found = await rows(
        pool,
        `SELECT company_id FROM deals WHERE tenant = $1 AND id = ANY($2::text[])
         UNION SELECT company_id FROM activities WHERE tenant = $1 AND id = ANY($3::text[]) ORDER BY 1`,
        [tenant, [...dealIds], [...activityIds]],
      );
      return found.map((r) => r[0] as string);
    },

    async tenantsWithCompany(companyId) {
      return (await rows(pool, 'SELECT tenant FROM companies WHERE id = $1 ORDER BY tenant', [companyId])).map((r) => r[0] as string);
    },

    async setOverride(tenant, override) {
      await transaction(pool, async (client) => {
        await lockTenant(client, tenant);
        await client.query(
          `INSERT INTO overrides (tenant, company_id, segment, reason, set_by, set_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (tenant, company_id) DO UPDATE SET segment = excluded.segment, reason = excluded.reason,
             set_by = excluded.set_by, set_at = excluded.set_at, expires_at = excluded.expires_at`,
          [tenant, ...overridesTable.toRow(override)],
        );
      });
    },

    async removeOverride(tenant, companyId) {
      await pool.query('DELETE FROM overrides WHERE tenant = $1 AND company_id = $2', [tenant, companyId]);
    },
  };
}
