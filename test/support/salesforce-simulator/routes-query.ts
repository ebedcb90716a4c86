// GET query / queryAll with nextRecordsUrl paging (batchSize from Sforce-Query-Options, 2,000 at
// most), and the approximate record counts of /limits/recordCount.
import { randomUUID } from 'node:crypto';
import type { SimRecord, SimulatedOrg } from './org.ts';
import { QueryError, restRecord, runQuery, type QueryRun } from './query-engine.ts';
import { sfError, type Reply, type SimRequest } from './reply.ts';

interface Cursor {
  run: QueryRun;
  position: number;
  batchSize: number;
  /** query or queryAll: the next page's URL names the endpoint the query started on. */
  endpoint: string;
}

export class QueryRoutes {
  private readonly cursors = new Map<string, Cursor>();
  private readonly org: SimulatedOrg;

  constructor(org: SimulatedOrg) {
    this.org = org;
  }

  start(request: SimRequest, all: boolean): Reply {
    const soql = request.query.get('q');
    if (!soql) return sfError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
    const option = String(request.headers['sforce-query-options'] ?? '');
    const asked = Number(/batchSize=(\d+)/.exec(option)?.[1] ?? 2000);
    try {
      const run = runQuery(this.org, soql, { all });
      return this.page({ run, position: 0, batchSize: Math.max(200, Math.min(2000, asked)), endpoint: all ? 'queryAll' : 'query' }, request.apiVersion);
    } catch (error) {
      if (error instanceof QueryError) return sfError(400, error.errorCode, error.message);
      throw error;
    }
  }

  more(request: SimRequest, locator: string): Reply {
    const id = locator.replace(/-\d+$/, '');
    const cursor = this.cursors.get(id);
    if (!cursor) return sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    return this.page(cursor, request.apiVersion, id);
  }

  private page(cursor: Cursor, apiVersion: string, id: string = `01g${randomUUID().replace(/-/g, '').slice(0, 15)}`): Reply {
    const { run } = cursor;
    const slice: SimRecord[] = run.rows.slice(cursor.position, cursor.position + cursor.batchSize);
    cursor.position += slice.length;
    const done = cursor.position >= run.rows.length;
    if (done) this.cursors.delete(id);
    else this.cursors.set(id, cursor);
    return {
      status: 200,
      body: {
        totalSize: run.rows.length,
        done,
        ...(done ? {} : { nextRecordsUrl: `/services/data/v${apiVersion}/${cursor.endpoint}/${id}-${cursor.position}` }),
        records: slice.map((r) => restRecord(this.org, run.query.from, r, run.query, apiVersion)),
      },
    };
  }

  recordCount(request: SimRequest): Reply {
    const names = (request.query.get('sObjects') ?? '').split(',').filter(Boolean);
    const sObjects = names.filter((n) => this.org.tables.has(n)).map((name) => ({ count: [...this.org.table(name).values()].filter((r) => !r.IsDeleted).length, name }));
    return { status: 200, body: { sObjects } };
  }
}
