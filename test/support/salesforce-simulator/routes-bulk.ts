// Bulk API 2.0: query jobs (results as CSV sets of maxRecords, Sforce-Locator to the next) and
// ingest jobs (CSV upload, close, processing, failed/successful/unprocessed results).
import { parse } from 'csv-parse/sync';
import type { SimRecord, SimulatedOrg } from './org.ts';
import { csvOf, QueryError, runQuery } from './query-engine.ts';
import { jsonBody, sfError, type Reply, type SimRequest } from './reply.ts';
import { applyUpdate, type UpdateRules } from './updates.ts';

export interface BulkOptions {
  /** Processing time per 1,000 records before a job completes (0: done at once). */
  msPerThousand: number;
  /** Rows per result set when the client sends no maxRecords. */
  defaultResultSet: number;
}

interface QueryJob {
  id: string;
  operation: string;
  object: string;
  rows: SimRecord[];
  fields: string[];
  readyAt: number;
  createdDate: string;
}

interface IngestJob {
  id: string;
  object: string;
  operation: string;
  state: 'Open' | 'UploadComplete' | 'JobComplete' | 'Aborted' | 'Failed';
  csv: string;
  readyAt: number;
  header: string[];
  succeeded: Record<string, string>[];
  failed: { row: Record<string, string>; error: string }[];
  createdDate: string;
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export class BulkRoutes {
  private readonly queries = new Map<string, QueryJob>();
  private readonly ingests = new Map<string, IngestJob>();
  private sequence = 0;
  private readonly org: SimulatedOrg;
  private readonly rules: UpdateRules;
  options: BulkOptions;

  constructor(org: SimulatedOrg, rules: UpdateRules, options: BulkOptions) {
    this.org = org;
    this.rules = rules;
    this.options = options;
  }

  private jobId(): string {
    this.sequence += 1;
    return `750${String(this.sequence).padStart(12, '0')}AAA`;
  }

  private readyAt(records: number): number {
    return Date.now() + (records / 1000) * this.options.msPerThousand;
  }

  createQuery(request: SimRequest): Reply {
    const body = jsonBody(request) as { operation?: string; query?: string } | undefined;
    if (!body?.query || (body.operation !== 'query' && body.operation !== 'queryAll')) return sfError(400, 'INVALIDJOB', 'expected { operation: query|queryAll, query }');
    try {
      const run = runQuery(this.org, body.query, { all: body.operation === 'queryAll', bulk: true });
      const job: QueryJob = { id: this.jobId(), operation: body.operation, object: run.query.from, rows: run.rows, fields: run.query.fields, readyAt: this.readyAt(run.rows.length), createdDate: new Date().toISOString() };
      this.queries.set(job.id, job);
      return { status: 200, body: this.queryInfo(job, 'UploadComplete', request.apiVersion) };
    } catch (error) {
      if (error instanceof QueryError) return sfError(400, error.errorCode, error.message);
      throw error;
    }
  }

  private queryInfo(job: QueryJob, state: string, apiVersion: string) {
    return { id: job.id, operation: job.operation, object: job.object, createdById: '005000000000001AAA', createdDate: job.createdDate, systemModstamp: job.createdDate, state, concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(apiVersion), lineEnding: 'LF', columnDelimiter: 'COMMA', ...(state === 'JobComplete' ? { numberRecordsProcessed: job.rows.length, retries: 0, totalProcessingTime: 100 } : {}) };
  }

  queryStatus(request: SimRequest, id: string): Reply {
    const job = this.queries.get(id);
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    return { status: 200, body: this.queryInfo(job, Date.now() >= job.readyAt ? 'JobComplete' : 'InProgress', request.apiVersion) };
  }

  queryResults(request: SimRequest, id: string): Reply {
    const job = this.queries.get(id);
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (Date.now() < job.readyAt) return sfError(400, 'JOB_NOT_COMPLETE', 'can only download query results of successfully completed bulk job');
    const locator = request.query.get('locator');
    const start = locator ? Number(Buffer.from(locator, 'base64').toString('utf8')) : 0;
    const size = Number(request.query.get('maxRecords') ?? this.options.defaultResultSet);
    const rows = job.rows.slice(start, start + size);
    const next = start + rows.length < job.rows.length ? Buffer.from(String(start + rows.length)).toString('base64').replace(/=+$/, '') : 'null';
    return { status: 200, raw: csvOf(this.org, rows, job.fields), contentType: 'text/csv', headers: { 'sforce-locator': next, 'sforce-numberofrecords': String(rows.length) } };
  }

  createIngest(request: SimRequest): Reply {
    const body = jsonBody(request) as { object?: string; operation?: string } | undefined;
    if (!body?.object || !this.org.tables.has(body.object)) return sfError(400, 'INVALIDJOB', 'unknown object');
    if (body.operation !== 'update') return sfError(400, 'INVALIDJOB', 'the simulator only does update');
    const job: IngestJob = { id: this.jobId(), object: body.object, operation: body.operation, state: 'Open', csv: '', readyAt: 0, header: [], succeeded: [], failed: [], createdDate: new Date().toISOString() };
    this.ingests.set(job.id, job);
    return { status: 200, body: this.ingestInfo(job, request.apiVersion) };
  }

  private ingestInfo(job: IngestJob, apiVersion: string) {
    const state = job.state === 'UploadComplete' && Date.now() >= job.readyAt ? 'JobComplete' : job.state === 'UploadComplete' ? 'InProgress' : job.state;
    const done = state === 'JobComplete';
    return { id: job.id, operation: job.operation, object: job.object, createdById: '005000000000001AAA', createdDate: job.createdDate, state, concurrencyMode: 'Parallel', contentType: 'CSV', apiVersion: Number(apiVersion), lineEnding: 'LF', columnDelimiter: 'COMMA', ...(done ? { numberRecordsProcessed: job.succeeded.length + job.failed.length, numberRecordsFailed: job.failed.length } : {}) };
  }

  upload(request: SimRequest, id: string): Reply {
    const job = this.ingests.get(id);
    if (!job || job.state !== 'Open') return sfError(400, 'INVALIDJOB', 'job not open for upload');
    job.csv += request.text;
    return { status: 201 };
  }

  changeIngest(request: SimRequest, id: string): Reply {
    const job = this.ingests.get(id);
    const state = (jsonBody(request) as { state?: string } | undefined)?.state;
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (state === 'Aborted') job.state = 'Aborted';
    else if (state === 'UploadComplete' && job.state === 'Open') this.process(job);
    else return sfError(400, 'INVALIDJOB', `cannot move a ${job.state} job to ${state}`);
    return { status: 200, body: this.ingestInfo(job, request.apiVersion) };
  }

  private process(job: IngestJob): void {
    const rows = parse(job.csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    job.header = job.csv.slice(0, job.csv.indexOf('\n')).split(',');
    for (const row of rows) {
      const { Id, ...fields } = row;
      const error = applyUpdate(this.org, job.object, Id ?? '', fields, this.rules, true);
      if (error) job.failed.push({ row, error: `${error.statusCode}:${error.message}:${error.fields.join(',')} --` });
      else job.succeeded.push(row);
    }
    job.state = 'UploadComplete';
    job.readyAt = this.readyAt(rows.length);
  }

  ingestStatus(request: SimRequest, id: string): Reply {
    const job = this.ingests.get(id);
    return job ? { status: 200, body: this.ingestInfo(job, request.apiVersion) } : sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  ingestResults(id: string, kind: string): Reply {
    const job = this.ingests.get(id);
    if (!job) return sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const line = (row: Record<string, string>) => job.header.map((h) => csvCell(row[h] ?? '')).join(',');
    let lines: string[];
    if (kind === 'failedResults') lines = ['"sf__Id","sf__Error",' + job.header.join(','), ...job.failed.map((f) => `${csvCell(f.row.Id ?? '')},${csvCell(f.error)},${line(f.row)}`)];
    else if (kind === 'successfulResults') lines = ['"sf__Id","sf__Created",' + job.header.join(','), ...job.succeeded.map((row) => `${csvCell(row.Id ?? '')},false,${line(row)}`)];
    else lines = [job.header.join(',')];
    return { status: 200, raw: `${lines.join('\n')}\n`, contentType: 'text/csv' };
  }

  deleteJob(id: string): Reply {
    this.queries.delete(id);
    this.ingests.delete(id);
    return { status: 204 };
  }
}
