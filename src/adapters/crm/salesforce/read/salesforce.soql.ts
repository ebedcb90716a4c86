// Building SOQL text: quoted literals, datetime literals, IN lists, and the SELECTs the sync runs.

/** A string literal: backslash and quote escaped, so an id or value cannot end the literal early. */
export function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** SOQL's datetime literal (whole seconds, UTC; SOQL takes no milliseconds). */
export function datetimeLiteral(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function inList(values: readonly string[]): string {
  return `(${values.map(quote).join(', ')})`;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Select {
  fields: readonly string[];
  from: string;
  /** Conditions joined with AND. */
  where?: readonly string[];
  orderBy?: string;
  /** Parent-to-child subqueries, e.g. "(SELECT Id FROM OpportunityLineItems)". */
  subqueries?: readonly string[];
}

export function soql(select: Select): string {
  const columns = [...select.fields, ...(select.subqueries ?? [])].join(', ');
  const where = select.where && select.where.length > 0 ? ` WHERE ${select.where.join(' AND ')}` : '';
  const order = select.orderBy ? ` ORDER BY ${select.orderBy}` : '';
  return `SELECT ${columns} FROM ${select.from}${where}${order}`;
}

export const modifiedSince = (ms: number | null): string[] => (ms === null ? [] : [`SystemModstamp > ${datetimeLiteral(ms)}`]);
