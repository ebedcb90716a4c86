// The portfolio half of the SQLite store: upserts, deletions and loads of CRM records.
import type { SQLInputValue, StatementSync } from 'node:sqlite';
import type { BatchRows, PortfolioChanges, Store, TenantId } from '../../../app/ports/store.port.ts';
import type { Activity, Deal, Override, Portfolio } from '../../../domain/records.ts';
import {
  activitiesTable,
  companiesTable,
  dealsTable,
  INSTANT_COLUMNS,
  overridesTable,
  ownersTable,
  relationsTable,
  type Cell,
  type PortfolioTable,
} from '../portfolio.tables.ts';
import { storedIds, storedText } from '../stored-text.ts';
import { shareCompanyLabels } from '../record-scan.ts';
import { noCounts, pageRecords, recordsIn, REPLACED } from '../replacement.ts';
import { idList, inKeyChunks, type Sqlite } from './sqlite.db.ts';
import { scanSqliteRecords } from './sqlite.scan.ts';

type PortfolioMethods = Pick<
  Store,
  'applyChanges' | 'replacePortfolio' | 'clearPortfolio' | 'moveInstants' | 'listOwners' | 'loadPortfolio' | 'loadFrame' | 'scanRecords' | 'loadCompanies' | 'loadDependencyLinks' | 'countCompanies' | 'tenantsWithCompany' | 'companiesOfRecords' | 'setOverride' | 'removeOverride'
>;

const IN_IDS = 'IN (SELECT value FROM json_each(?))';
const LOAD_CHUNK = 10_000;
const ROWS_PER_INSERT = 64;

function upsertSql(table: PortfolioTable<unknown>): string {
  const columns = table.columns.map((c) => c.name);
  const rest = columns.filter((c) => !table.key.includes(c));
  const insert = `INSERT INTO ${table.name} (tenant, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})
    ON CONFLICT (tenant, ${table.key.join(', ')})`;
  if (rest.length === 0) return `${insert} DO NOTHING`;
  // Leaving identical rows alone keeps a full re-import from rewriting every page.
  return `${insert} DO UPDATE SET ${rest.map((c) => `${c} = excluded.${c}`).join(', ')}
    WHERE (${rest.map((c) => `${table.name}.${c}`).join(', ')}) IS NOT (${rest.map((c) => `excluded.${c}`).join(', ')})`;
}

function selectSql(table: PortfolioTable<unknown>, where: string, from: string = table.name): string {
  return `SELECT ${table.columns.map((c) => c.name).join(', ')} FROM ${from} WHERE ${where}`;
}

/**
 * The table named with its by-company index. Without statistics SQLite's planner prefers
 * scanning the whole tenant with a Bloom filter over an index lookup per id: seconds
 * instead of milliseconds for one company among 5,000,000 activities.
 */
const BY_COMPANY: Record<string, string> = {
  deals: 'deals INDEXED BY deals_by_company',
  activities: 'activities INDEXED BY activities_by_company',
  relations: 'relations INDEXED BY relations_by_target',
  children: 'companies INDEXED BY companies_by_parent',
};

export function sqlitePortfolio(sql: Sqlite): PortfolioMethods {
  const upsert = <R>(tenant: TenantId, table: PortfolioTable<R>, records: readonly R[] | undefined) => {
    if (!records || records.length === 0) return;
    const statement = sql.statement(upsertSql(table as PortfolioTable<unknown>));
    for (const record of records) statement.run(tenant, ...(table.toRow(record) as SQLInputValue[]));
  };

  /**
   * `rows` rows of the table with the tenant written into the statement as a literal: bound
   * as a parameter it cost an import of 6,000,000 rows about 0.4 s more. A tenant with a NUL
   * (which SQL text cannot hold) stays a parameter, the first of each row.
   */
  const tenantLiteral = (tenant: TenantId): string | null => (tenant.includes('\u0000') ? null : `'${tenant.replaceAll("'", "''")}'`);
  const insertSql = (table: PortfolioTable<unknown>, rows: number, tenant: TenantId) => {
    const first = tenantLiteral(tenant) ?? '?';
    return `INSERT INTO ${table.name} (tenant, ${table.columns.map((c) => c.name).join(', ')}) VALUES ${Array(rows).fill(`(${first}${', ?'.repeat(table.columns.length)})`).join(', ')}`;
  };
  /**
   * Each table's statement of ROWS_PER_INSERT rows for the last tenant, kept at hand: its text
   * is 2 kB to build and look up. Prepared outside the statement cache, as is a page's last
   * shorter statement, so the cache does not keep statements per tenant.
   */
  const fullInserts = new Map<string, { tenant: TenantId; statement: StatementSync }>();

  /** Plain inserts, ROWS_PER_INSERT rows a statement: a replacement puts millions of new rows (as records, or as batch rows filled into `scratch`). */
  const insert = <R>(tenant: TenantId, table: PortfolioTable<R>, records: readonly R[] | undefined, batch?: BatchRows<R>, scratch?: R) => {
    const page = pageRecords(records, batch, scratch as R);
    if (page.count === 0) return;
    let full = fullInserts.get(table.name);
    if (full?.tenant !== tenant) fullInserts.set(table.name, (full = { tenant, statement: sql.db.prepare(insertSql(table as PortfolioTable<unknown>, ROWS_PER_INSERT, tenant)) }));
    const bound = tenantLiteral(tenant) === null;
    let args: Cell[] = [];
    let rows = 0;
    for (let k = 0; k < page.count; k++) {
      if (bound) args.push(tenant);
      table.cells(page.at(k), args);
      if (++rows === ROWS_PER_INSERT) {
        full.statement.run(...(args as SQLInputValue[]));
        args = [];
        rows = 0;
      }
    }
    if (rows > 0) sql.db.prepare(insertSql(table as PortfolioTable<unknown>, rows, tenant)).run(...(args as SQLInputValue[]));
  };

  const load = <R>(table: PortfolioTable<R>, where: string, tenant: TenantId, ids?: string, from?: string): R[] => {
    const out: R[] = [];
    const params = ids === undefined ? [tenant] : [tenant, ids];
    for (const row of sql.statement(selectSql(table as PortfolioTable<unknown>, where, from), true).iterate(...params)) {
      out.push(table.fromRow(row as unknown as unknown[]));
    }
    return out;
  };

  /** A whole table of the tenant, in key order (inKeyChunks). */
  const loadAll = <R>(table: PortfolioTable<R>, tenant: TenantId): R[] => {
    const out: R[] = [];
    const statement = sql.statement(`${selectSql(table as PortfolioTable<unknown>, 'tenant = ?1 AND id > ?2')} ORDER BY id LIMIT ?3`, true);
    inKeyChunks(statement, tenant, LOAD_CHUNK, (rows) => {
      for (const row of rows) out.push(table.fromRow(row));
    });
    return out;
  };

  const run = (statement: string, ...params: SQLInputValue[]) => sql.statement(statement).run(...params);

  const deleteCompanies = (tenant: TenantId, companyIds: readonly string[]) => {
    const ids = idList(companyIds);
    for (const table of ['deals', 'activities', 'overrides', 'latest_results', 'written_values']) {
      run(`DELETE FROM ${BY_COMPANY[table] ?? table} WHERE tenant = ? AND company_id ${IN_IDS}`, tenant, ids);
    }
    run(`DELETE FROM relations WHERE tenant = ? AND from_company_id ${IN_IDS}`, tenant, ids);
    run(`DELETE FROM ${BY_COMPANY.relations} WHERE tenant = ? AND to_company_id ${IN_IDS}`, tenant, ids);
    run(`DELETE FROM companies WHERE tenant = ? AND id ${IN_IDS}`, tenant, ids);
  };

  return {
    async applyChanges(tenant, changes: PortfolioChanges) {
      sql.write(() => {
        upsert(tenant, companiesTable, changes.companies);
        upsert(tenant, dealsTable, changes.deals);
        upsert(tenant, activitiesTable, changes.activities);
        upsert(tenant, relationsTable, changes.relations);
        upsert(tenant, overridesTable, changes.overrides);
        upsert(tenant, ownersTable, changes.owners);
        // Deletions last: a record deleted in the CRM stays deleted whatever else the change holds.
        if (changes.deletedDealIds?.length) run(`DELETE FROM deals WHERE tenant = ? AND id ${IN_IDS}`, tenant, idList(storedIds(changes.deletedDealIds)));
        if (changes.deletedActivityIds?.length) {
          run(`DELETE FROM activities WHERE tenant = ? AND id ${IN_IDS}`, tenant, idList(storedIds(changes.deletedActivityIds)));
        }
        if (changes.deletedRelations?.length) {
          const remove = sql.statement('DELETE FROM relations WHERE tenant = ? AND from_company_id = ? AND to_company_id = ? AND kind = ?');
          for (const r of changes.deletedRelations) remove.run(tenant, ...(relationsTable.toRow(r) as SQLInputValue[]));
        }
        if (changes.deletedCompanyIds?.length) deleteCompanies(tenant, storedIds(changes.deletedCompanyIds));
      });
    },

    async replacePortfolio(tenant, fill) {
      sql.db.exec('BEGIN IMMEDIATE');
      const stashed: string[] = [];
      try {
        const oldCompanies = sql.rows('SELECT id FROM companies WHERE tenant = ?', tenant).map((r) => r[0] as string);
        // What the old portfolio had, by key, to count what the new one lacks (nothing to stash on a first import).
        for (const { kind, table, key } of REPLACED) {
          if (kind === 'companies' || (sql.rows(`SELECT 1 FROM ${table} WHERE tenant = ? LIMIT 1`, tenant).length === 0)) continue;
          run(`CREATE TEMP TABLE kw_replaced_${kind} AS SELECT ${key.join(', ')} FROM ${table} WHERE tenant = ?`, tenant);
          stashed.push(kind);
        }
        for (const { table } of REPLACED) run(`DELETE FROM ${table} WHERE tenant = ?`, tenant);
        // Millions of new rows go in faster without the by-company indexes; they are built again, sorted, at the end.
        const indexes = sql.rows(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('deals', 'activities') AND sql IS NOT NULL`) as [string, string][];
        for (const [name] of indexes) sql.db.exec(`DROP INDEX ${name}`);
        const newCompanies = new Set<string>();
        let records = 0;
        const scratch = { deal: {} as Deal, activity: {} as Activity };
        await fill(async (page) => {
          insert(tenant, companiesTable, page.companies);
          insert(tenant, dealsTable, page.deals, page.dealRows, scratch.deal);
          insert(tenant, activitiesTable, page.activities, page.activityRows, scratch.activity);
          insert(tenant, relationsTable, page.relations);
          insert(tenant, overridesTable, page.overrides);
          for (const c of page.companies ?? []) newCompanies.add(storedText(c.id));
          records += recordsIn(page);
        });
        for (const [, create] of indexes) sql.db.exec(create);
        const removed = noCounts();
        const removedCompanyIds = oldCompanies.filter((id) => !newCompanies.has(id));
        removed.companies = removedCompanyIds.length;
        for (const { kind, table, key } of REPLACED) {
          if (!stashed.includes(kind)) continue;
          removed[kind] = sql.rows(
            `SELECT count(*) FROM kw_replaced_${kind} o WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.tenant = ? AND ${key.map((k) => `t.${k} = o.${k}`).join(' AND ')})`,
            tenant,
          )[0]![0] as number;
        }
        if (removedCompanyIds.length > 0) {
          const ids = idList(removedCompanyIds);
          for (const table of ['latest_results', 'written_values']) run(`DELETE FROM ${table} WHERE tenant = ? AND company_id ${IN_IDS}`, tenant, ids);
        }
        for (const kind of stashed.splice(0)) run(`DROP TABLE kw_replaced_${kind}`);
        sql.commit();
        return { records, removed, removedCompanyIds };
      } catch (error) {
        if (sql.db.isTransaction) sql.db.exec('ROLLBACK');
        for (const kind of stashed) run(`DROP TABLE IF EXISTS kw_replaced_${kind}`);
        throw error;
      }
    },

    async moveInstants(tenant, by) {
      sql.write(() => {
        for (const [table, columns] of Object.entries(INSTANT_COLUMNS)) {
          // NULL (an override that never expires) stays NULL.
          run(`UPDATE ${table} SET ${columns.map((c) => `${c} = ${c} + ?1`).join(', ')} WHERE tenant = ?2`, by, tenant);
        }
      });
    },

    async clearPortfolio(tenant) {
      sql.write(() => {
        for (const table of ['companies', 'deals', 'activities', 'relations', 'overrides', 'owners']) run(`DELETE FROM ${table} WHERE tenant = ?`, tenant);
      });
    },

    async listOwners(tenant) {
      return sql.read(() => load(ownersTable, 'tenant = ? ORDER BY id', tenant));
    },

    async loadPortfolio(tenant): Promise<Portfolio> {
      return sql.read(() => ({
        companies: loadAll(companiesTable, tenant),
        deals: loadAll(dealsTable, tenant),
        activities: loadAll(activitiesTable, tenant),
        relations: load(relationsTable, 'tenant = ?', tenant),
        overrides: load(overridesTable, 'tenant = ?', tenant),
      }));
    },

    async loadFrame(tenant) {
      return sql.read(() => ({
        companies: shareCompanyLabels(loadAll(companiesTable, tenant)),
        relations: load(relationsTable, 'tenant = ?', tenant),
        overrides: load(overridesTable, 'tenant = ?', tenant),
      }));
    },

    async scanRecords(tenant, visitor, options = {}) {
      // One snapshot, read in key-ordered chunks (inKeyChunks); each row handed over and let go.
      sql.read(() => scanSqliteRecords(sql, tenant, visitor, options.chunkSize ?? LOAD_CHUNK));
    },

    async loadCompanies(tenant, companyIds): Promise<Portfolio> {
      const wanted = new Set(companyIds);
      return sql.read(() => {
        const ids = idList(wanted);
        const relations = load(relationsTable, `tenant = ?1 AND from_company_id IN (SELECT value FROM json_each(?2))
          UNION SELECT from_company_id, to_company_id, kind FROM ${BY_COMPANY.relations} WHERE tenant = ?1 AND to_company_id IN (SELECT value FROM json_each(?2))`, tenant, ids);
        // The other side of a relation, and a parent's children (its influence with
        // strategic.parentInfluence), come along with their deals: referral and influence
        // value are shares of those companies' revenue and margin.
        const children = load(companiesTable, `tenant = ? AND parent_id ${IN_IDS}`, tenant, ids, BY_COMPANY.children);
        const withRelated = new Set(wanted);
        for (const r of relations) withRelated.add(r.fromCompanyId).add(r.toCompanyId);
        for (const c of children) withRelated.delete(c.id);
        const all = idList(withRelated);
        const companies = load(companiesTable, `tenant = ? AND id ${IN_IDS}`, tenant, all);
        for (const c of children) withRelated.add(c.id);
        const withChildren = idList(withRelated);
        return {
          companies: [...companies, ...children],
          deals: load(dealsTable, `tenant = ? AND company_id ${IN_IDS}`, tenant, withChildren, BY_COMPANY.deals),
          activities: load(activitiesTable, `tenant = ? AND company_id ${IN_IDS}`, tenant, ids, BY_COMPANY.activities),
          relations,
          overrides: load(overridesTable, `tenant = ? AND company_id ${IN_IDS}`, tenant, withChildren),
        };
      });
    },

    async loadDependencyLinks(tenant, companyIds) {
      const ids = idList(new Set(companyIds));
      return sql.read(() => ({
        companies: load(companiesTable, `tenant = ? AND id ${IN_IDS}`, tenant, ids),
        relations: load(relationsTable, `tenant = ? AND to_company_id ${IN_IDS}`, tenant, ids, BY_COMPANY.relations),
      }));
    },

    async countCompanies(tenant) {
      return sql.rows('SELECT count(*) FROM companies WHERE tenant = ?', tenant)[0]![0] as number;
    },

    async companiesOfRecords(tenant, { dealIds = [], activityIds = [] }) {
      if (dealIds.length === 0 && activityIds.length === 0) return [];
      return sql
        .rows(
          `SELECT company_id FROM deals WHERE tenant = ?1 AND id ${IN_IDS.replace('?', '?2')}
           UNION SELECT company_id FROM activities WHERE tenant = ?1 AND id ${IN_IDS.replace('?', '?3')} ORDER BY 1`,
          tenant,
          idList(dealIds),
          idList(activityIds),
        )
        .map((r) => r[0] as string);
    },

    async tenantsWithCompany(companyId) {
      return sql.rows('SELECT tenant FROM companies WHERE id = ? ORDER BY tenant', companyId).map((r) => r[0] as string);
    },

    async setOverride(tenant, override: Override) {
      sql.write(() => upsert(tenant, overridesTable, [override]));
    },

    async removeOverride(tenant, companyId) {
      run('DELETE FROM overrides WHERE tenant = ? AND company_id = ?', tenant, companyId);
    },
  };
}
