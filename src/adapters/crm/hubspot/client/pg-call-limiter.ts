// One rolling window per portal shared by every instance, in PostgreSQL: each call is stamped in
// a table by one function call that locks the portal's window rows, counts the calls still in
// the window and either records the call or answers how long to wait. The database's clock is
// the only clock, so instances on machines whose clocks differ count alike. A 429 seen by any
// instance sets "paused until" on the window, which every instance honours, and widens the
// margin for all of them.
import pg from 'pg';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { CallLimiter, Sent, WindowSettings } from './call-limiter.ts';
import { systemClock, type Clock } from './rolling-limiter.ts';

export interface SharedCallLimits {
  /** The limiter of one portal (key: its tenant, e.g. hubspot:123); instances asking with the same key share it. */
  limiter(key: string, settings: WindowSettings): CallLimiter;
  close(): Promise<void>;
}

export interface PgCallLimitsOptions {
  pool: pg.Pool;
  /** Schema of the window tables (created if missing). */
  schema?: string;
  /** Ends the pool on close (the limits made it). */
  ownsPool?: boolean;
  clock?: Clock;
  log?: Logger;
}

/** The SQL side: window rows (pause, margin) and the stamps of the calls still counted. */
function schemaSql(schema: string): string {
  return `
  CREATE SCHEMA IF NOT EXISTS ${schema};
  CREATE TABLE IF NOT EXISTS ${schema}.api_windows (
    bucket text PRIMARY KEY, paused_until bigint NOT NULL DEFAULT 0, margin_ms int NOT NULL, accepted int NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS ${schema}.api_calls (id bigserial PRIMARY KEY, bucket text NOT NULL, at bigint NOT NULL);
  CREATE INDEX IF NOT EXISTS api_calls_bucket_at ON ${schema}.api_calls (bucket, at);
  -- Takes one call in every given window (rows locked in the order given: callers sort them),
  -- or answers how long to wait (ms). Margin: 2% of the window, doubled by each 429 up to 10%,
  -- eased by a tenth after ten windows' worth of accepted calls (as the in-process windows do).
  CREATE OR REPLACE FUNCTION ${schema}.take_api_call(p_buckets text[], p_limits int[], p_windows int[])
  RETURNS TABLE (wait_ms bigint, now_ms bigint, ids bigint[]) LANGUAGE plpgsql AS $fn$
  DECLARE
    i int;
    w record;
    t bigint;
    wait bigint := 0;
    nth bigint;
    stamped bigint[] := '{}';
    stamp bigint;
  BEGIN
    FOR i IN 1..array_length(p_buckets, 1) LOOP
      PERFORM 1 FROM ${schema}.api_windows WHERE bucket = p_buckets[i] FOR UPDATE;
    END LOOP;
    t := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
    FOR i IN 1..array_length(p_buckets, 1) LOOP
      SELECT * INTO w FROM ${schema}.api_windows WHERE bucket = p_buckets[i];
      DELETE FROM ${schema}.api_calls WHERE bucket = p_buckets[i] AND at <= t - p_windows[i] - p_windows[i] / 10 - 1;
      SELECT at INTO nth FROM ${schema}.api_calls WHERE bucket = p_buckets[i] ORDER BY at DESC OFFSET p_limits[i] - 1 LIMIT 1;
      wait := greatest(wait, w.paused_until - t, coalesce(nth + p_windows[i] + w.margin_ms - t, 0));
    END LOOP;
    IF wait > 0 THEN
      RETURN QUERY SELECT wait, t, stamped;
      RETURN;
    END IF;
    FOR i IN 1..array_length(p_buckets, 1) LOOP
      INSERT INTO ${schema}.api_calls (bucket, at) VALUES (p_buckets[i], t) RETURNING id INTO stamp;
      stamped := stamped || stamp;
      UPDATE ${schema}.api_windows SET
        accepted = CASE WHEN accepted + 1 >= 10 * p_limits[i] THEN 0 ELSE accepted + 1 END,
        margin_ms = CASE WHEN accepted + 1 >= 10 * p_limits[i] THEN greatest(p_windows[i] / 50, floor(margin_ms * 0.9)::int) ELSE margin_ms END
      WHERE bucket = p_buckets[i];
    END LOOP;
    RETURN QUERY SELECT 0::bigint, t, stamped;
  END
  $fn$;`;
}

/** The limits on a database of their own pool (DATABASE_URL), ended on close. */
export async function connectPgCallLimits(databaseUrl: string, log?: Logger): Promise<SharedCallLimits> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  // A dropped idle connection must not crash the process.
  pool.on('error', (err) => log?.warn({ err }, 'a connection of the shared rate windows broke'));
  return createPgCallLimits({ pool, ownsPool: true, ...(log ? { log } : {}) });
}

export async function createPgCallLimits(options: PgCallLimitsOptions): Promise<SharedCallLimits> {
  const schema = options.schema ?? 'klantwaarde_limits';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`limits schema ${schema}: expected a plain lower-case identifier`);
  const { pool } = options;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  // Instances starting together must not replace the function at the same moment.
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query("SELECT pg_advisory_xact_lock(hashtext('klantwaarde:api-windows'))");
    await client.query(schemaSql(schema));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }

  return {
    limiter(key, settings) {
      const general = { bucket: key, limit: settings.limit, windowMs: settings.windowMs };
      const search = { bucket: `${key}:search`, limit: settings.searchLimit, windowMs: settings.searchWindowMs };
      const rows = pool.query(
        `INSERT INTO ${schema}.api_windows (bucket, margin_ms) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT DO NOTHING`,
        [[general.bucket, search.bucket], [general, search].map((w) => Math.max(2, Math.round(w.windowMs / 50)))],
      );
      return pgCallLimiter(pool, schema, rows, general, search, clock, log);
    },
    async close() {
      if (options.ownsPool) await pool.end();
    },
  };
}

interface Window {
  bucket: string;
  limit: number;
  windowMs: number;
}

function pgCallLimiter(pool: pg.Pool, schema: string, windowRows: Promise<unknown>, general: Window, search: Window, clock: Clock, log: Logger): CallLimiter {
  // One call at a time asks the database per process; the others queue here (behind the window rows).
  let turn: Promise<unknown> = windowRows;

  const take = async (windows: Window[]): Promise<Sent> => {
    for (;;) {
      const { rows } = await pool.query<{ wait_ms: string; now_ms: string; ids: string[] }>(`SELECT * FROM ${schema}.take_api_call($1, $2, $3)`, [
        windows.map((w) => w.bucket),
        windows.map((w) => w.limit),
        windows.map((w) => w.windowMs),
      ]);
      const row = rows[0]!;
      const wait = Number(row.wait_ms);
      if (wait > 0) {
        await clock.sleep(wait);
        continue;
      }
      // The database's clock against ours, as of this answer (off by its way back, well inside the margin).
      const offset = Number(row.now_ms) - clock.now();
      return {
        answered(at) {
          // HubSpot counts a call when it arrives, which is before its answer came back but maybe
          // well after we stamped it (a busy or starting process): counted from its answer, no call
          // can land in a window the count let pass.
          pool
            .query(`UPDATE ${schema}.api_calls SET at = greatest(at, $2) WHERE id = ANY($1::bigint[])`, [row.ids, Math.round(at + offset)])
            .catch((err: unknown) => log.warn({ err }, 'could not move a call to its answer in the shared rate window'));
        },
      };
    }
  };

  return {
    acquire(isSearch) {
      // Windows in bucket order, as every instance locks them.
      const windows = isSearch ? [general, search].sort((a, b) => (a.bucket < b.bucket ? -1 : 1)) : [general];
      const next = turn.then(() => take(windows));
      turn = next.catch(() => undefined);
      return next;
    },
    async refused(isSearch, waitMs) {
      const w = isSearch ? search : general;
      try {
        await pool.query(
          `UPDATE ${schema}.api_windows SET
             paused_until = greatest(paused_until, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + $2),
             margin_ms = least(greatest($3::int, $4::int / 10), margin_ms * 2), accepted = 0
           WHERE bucket = $1`,
          [w.bucket, Math.round(waitMs), Math.max(2, Math.round(w.windowMs / 50)), w.windowMs],
        );
      } catch (err) {
        // The call is retried after the wait all the same; only the other instances miss the pause.
        log.warn({ err }, 'could not record the 429 in the shared rate window');
        await clock.sleep(waitMs);
      }
    },
    windowMs: (isSearch) => (isSearch ? search : general).windowMs,
  };
}
