// A full read of one sObject, in pages: REST query pages, or the result sets of a Bulk API 2.0
// job when the object is large; and the SystemModstamp watermark of what was read.
import { bulkQuery } from './salesforce.bulk-query.ts';
import type { SyncedObject } from './salesforce.objects.ts';
import { queryPages, type Row } from './salesforce.query.ts';
import { soql } from './salesforce.soql.ts';
import type { SyncContext } from './salesforce.sync-context.ts';
import { sfInstant } from './salesforce.values.ts';

export interface ObjectRead {
  object: SyncedObject;
  fields: readonly string[];
  where?: readonly string[];
  orderBy?: string;
  /** queryAll: deleted rows, and archived tasks and events. */
  all?: boolean;
}

export async function* readObject(context: SyncContext, read: ObjectRead, bulk: boolean): AsyncGenerator<Row[]> {
  const text = soql({ fields: read.fields, from: read.object, ...(read.where ? { where: read.where } : {}), ...(read.orderBy ? { orderBy: read.orderBy } : {}) });
  if (bulk) {
    context.log.debug({ object: read.object }, 'salesforce bulk query');
    yield* bulkQuery(context.conn, text, { all: read.all ?? false, pageSize: context.bulkPageSize, poll: context.poll });
    return;
  }
  for await (const page of queryPages(context.conn, text, { all: read.all ?? false })) yield page.records;
}

/** The highest SystemModstamp among the rows (null when none carries one). */
export function latestModstamp(rows: readonly Row[], current: number | null = null): number | null {
  let latest = current;
  for (const row of rows) {
    const parsed = sfInstant.safeParse(row.SystemModstamp);
    if (parsed.success && parsed.data !== undefined && (latest === null || parsed.data > latest)) latest = parsed.data;
  }
  return latest;
}
