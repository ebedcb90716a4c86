// What the PostgreSQL store does with node-postgres: transactions on one pooled client,
// rows streamed as arrays (no result set held twice), bigint instants read as numbers.
import pg, { type Pool, type PoolClient, type QueryResultRow } from 'pg';

const INT8_OID = 20;

/** Instants are BIGINT; pg hands those back as strings unless told otherwise. */
export const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

export async function query<R extends QueryResultRow = QueryResultRow>(db: Pool | PoolClient, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  return db.query<R>({ text, values, types: TYPES });
}

/** Array rows of a query; use eachRow for large results. */
export async function rows(db: Pool | PoolClient, text: string, values: unknown[] = []): Promise<unknown[][]> {
  return (await db.query<unknown[]>({ text, values, types: TYPES, rowMode: 'array' })).rows;
}

/** Hands each row (as an array) to `onRow` as it arrives, without collecting the result. */
export function eachRow(client: PoolClient, text: string, values: unknown[], onRow: (row: unknown[]) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: unknown = null;
    // rowMode is missing from the Query constructor's types, though pg honours it.
    const q = new pg.Query({ text, values, rowMode: 'array', types: TYPES } as pg.QueryConfig);
    q.on('row', (row: unknown[]) => {
      if (failure !== null) return;
      try {
        onRow(row);
      } catch (error) {
        failure = error;
      }
    });
    q.on('error', reject);
    q.on('end', () => (failure === null ? resolve() : reject(failure)));
    client.query(q);
  });
}

export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * Serialises portfolio writes per tenant (and schema) until the transaction ends: the
 * merge in applyChanges is an update-then-insert, and two bulk writers on one tenant
 * would otherwise deadlock or collide on a key.
 */
export async function lockTenant(client: PoolClient, tenant: string): Promise<void> {
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('klantwaarde.portfolio'), hashtext(current_schema() || '/' || $1))`, [tenant]);
}
