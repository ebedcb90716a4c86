// Runs parsed SOQL against the simulated org: filters, sorts, projects (nested parent fields and
// child subqueries for REST; flat dotted columns for Bulk CSV) and refuses unknown fields.
import { CHILD_RELATIONSHIPS, RELATIONSHIPS, type SimRecord, type SimulatedOrg } from './org.ts';
import { matches, parseSoql, SoqlError, type Condition, type SoqlQuery } from './soql.ts';

export class QueryError extends Error {
  readonly errorCode: string;
  constructor(errorCode: string, message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

export interface QueryRun {
  query: SoqlQuery;
  rows: SimRecord[];
}

function checkField(org: SimulatedOrg, object: string, field: string): void {
  const [head, tail] = field.includes('.') ? [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)] : [field, null];
  if (tail !== null) {
    const idField = RELATIONSHIPS[head];
    if (!idField || org.fieldType(object, idField) === undefined) throw new QueryError('INVALID_FIELD', `Didn't understand relationship '${head}' in field path. No such column on entity '${object}'.`);
    return;
  }
  if (org.fieldType(object, field) === undefined) throw new QueryError('INVALID_FIELD', `No such column '${field}' on entity '${object}'.`);
}

const PARENT_OBJECT: Record<string, string> = { Opportunity: 'Opportunity', Account: 'Account', Parent: 'Account' };

/** A field's value, following one parent relationship for dotted paths. */
export function fieldOf(org: SimulatedOrg, record: SimRecord, field: string): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) return record[field] ?? null;
  const relationship = field.slice(0, dot);
  const parentId = record[RELATIONSHIPS[relationship] ?? ''];
  const parent = typeof parentId === 'string' ? org.table(PARENT_OBJECT[relationship] ?? relationship).get(parentId) : undefined;
  return parent ? (parent[field.slice(dot + 1)] ?? null) : null;
}

function conditionFields(condition: Condition | null): string[] {
  if (!condition) return [];
  if ('parts' in condition) return condition.parts.flatMap(conditionFields);
  return [condition.field];
}

export function runQuery(org: SimulatedOrg, soql: string, options: { all: boolean; bulk?: boolean }): QueryRun {
  let query: SoqlQuery;
  try {
    query = parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlError) throw new QueryError('MALFORMED_QUERY', error.message);
    throw error;
  }
  if (!org.tables.has(query.from)) throw new QueryError('INVALID_TYPE', `sObject type '${query.from}' is not supported.`);
  if (options.bulk && query.subqueries.length > 0) throw new QueryError('INVALIDJOB', 'Bulk API 2.0 does not support nested queries');
  for (const field of [...query.fields, ...conditionFields(query.where), ...query.orderBy.map((o) => o.field)]) checkField(org, query.from, field);
  for (const sub of query.subqueries) {
    const child = CHILD_RELATIONSHIPS[sub.relationship];
    if (!child) throw new QueryError('INVALID_TYPE', `Didn't understand relationship '${sub.relationship}' in FROM part of query call.`);
    for (const field of sub.fields) checkField(org, child.object, field);
  }
  const rows: SimRecord[] = [];
  for (const record of org.table(query.from).values()) {
    if (!options.all && record.IsDeleted) continue;
    if (matches(query.where, (field) => fieldOf(org, record, field))) rows.push(record);
  }
  if (query.orderBy.length > 0) {
    rows.sort((a, b) => {
      for (const { field, descending } of query.orderBy) {
        const x = fieldOf(org, a, field) as string | number | null;
        const y = fieldOf(org, b, field) as string | number | null;
        if (x === y) continue;
        const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
        return descending ? -order : order;
      }
      return 0;
    });
  }
  return { query, rows: query.limit === null ? rows : rows.slice(0, query.limit) };
}

/** REST's shape: attributes, datetimes as …+0000, parent fields nested, child rows as a query result (null when none). */
export function restRecord(org: SimulatedOrg, object: string, record: SimRecord, query: Pick<SoqlQuery, 'fields' | 'subqueries'>, apiVersion: string): Record<string, unknown> {
  const out: Record<string, unknown> = { attributes: { type: object, url: `/services/data/v${apiVersion}/sobjects/${object}/${record.Id}` } };
  for (const field of query.fields) {
    const value = restValue(fieldOf(org, record, field));
    const dot = field.indexOf('.');
    if (dot < 0) out[field] = value;
    else {
      const relationship = field.slice(0, dot);
      const parent = (out[relationship] as Record<string, unknown> | undefined) ?? { attributes: { type: PARENT_OBJECT[relationship] ?? relationship } };
      parent[field.slice(dot + 1)] = value;
      out[relationship] = parent;
    }
  }
  for (const sub of query.subqueries) {
    const child = CHILD_RELATIONSHIPS[sub.relationship]!;
    const children = [...org.table(child.object).values()].filter((c) => !c.IsDeleted && c[child.field] === record.Id);
    out[sub.relationship] =
      children.length === 0 ? null : { totalSize: children.length, done: true, records: children.map((c) => restRecord(org, child.object, c, { fields: sub.fields, subqueries: [] }, apiVersion)) };
  }
  return out;
}

function restValue(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? value.replace(/Z$/, '+0000') : value;
}

/** Bulk API 2.0's CSV: the requested columns in order, "" for null. */
export function csvOf(org: SimulatedOrg, rows: readonly SimRecord[], fields: readonly string[]): string {
  const cell = (value: unknown) => {
    if (value === null || value === undefined) return '';
    if (typeof value !== 'string') return String(value);
    return value.includes('"') || value.includes(',') || value.includes('\n') || value.includes('\r') ? `"${value.replace(/"/g, '""')}"` : value;
  };
  const lines = [fields.map((f) => `"${f}"`).join(',')];
  for (const row of rows) lines.push(fields.map((f) => cell(fieldOf(org, row, f))).join(','));
  return `${lines.join('\n')}\n`;
}
