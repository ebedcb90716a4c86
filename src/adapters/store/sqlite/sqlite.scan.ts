// A full run's scan of the deals and activities on SQLite. Most of its time is node:sqlite
// making a JS value of every cell, a string for every text: of the 3.4–3.9 s five million
// activities took, their three labels (type, role, layer) were 1.5–2 s. So a row's labels
// come as one text, split once per combination the tenant has (a few dozen), and RecordScanner
// makes the records as it does of PostgreSQL's rows.
import type { RecordVisitor, TenantId } from '../../../app/ports/store.port.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import { RecordScanner } from '../record-scan.ts';
import { inKeyChunks, type Sqlite } from './sqlite.db.ts';

/** Between the labels of a row's text. Status, activity type and contact layer are words of a fixed list, which holds no control characters; the free text (pipeline, role) comes last, as it is. */
const NEXT = '\u001f';
/** Stands for a contact layer that is NULL (not the same as an empty one). */
const NO_LAYER = '\u001e';

// RecordScanner's columns (record-scan.ts), with the labels as one text in the first label's
// place and NULL in the others: each row's labels are put back in their places before the
// scanner makes its record.
const DEAL_COLUMNS = `id, company_id, amount, close_date, status || ifnull(char(31) || pipeline, ''), NULL, cost, margin_pct, discount, order_count`;
const ACTIVITY_COLUMNS = `id, company_id, type || ifnull(char(31) || contact_layer, char(30)) || ifnull(char(31) || owner_role, ''), occurred_at, duration_minutes, NULL, NULL`;

type DealLabels = Pick<Deal, 'status' | 'pipeline'>;
type ActivityLabels = Pick<Activity, 'type' | 'contactLayer' | 'ownerRole'>;

function dealLabels(text: string): DealLabels {
  const end = text.indexOf(NEXT);
  return end < 0 ? { status: text as Deal['status'], pipeline: undefined } : { status: text.slice(0, end) as Deal['status'], pipeline: text.slice(end + 1) };
}

function activityLabels(text: string): ActivityLabels {
  let at = 0;
  while (at < text.length && text[at] !== NEXT && text[at] !== NO_LAYER) at++;
  const type = text.slice(0, at) as Activity['type'];
  let contactLayer: Activity['contactLayer'];
  if (text[at] === NO_LAYER) at++;
  else {
    const end = text.indexOf(NEXT, at + 1);
    contactLayer = text.slice(at + 1, end < 0 ? text.length : end) as Activity['contactLayer'];
    at = end < 0 ? text.length : end;
  }
  // What is left is the role after its mark, or nothing (a NULL role).
  return { type, contactLayer, ownerRole: at < text.length ? text.slice(at + 1) : undefined };
}

/** Each label text split once: the same strings for every row that has it (their hashes made once, too). */
function splitOnce<L>(split: (text: string) => L): (text: string) => L {
  const known = new Map<string, L>();
  return (text) => {
    let labels = known.get(text);
    if (labels === undefined) known.set(text, (labels = split(text)));
    return labels;
  };
}

/** Every deal, then every activity, of the tenant in id order, in chunks of `chunk` rows, to the visitor (Store.scanRecords). Call inside a read transaction. */
export function scanSqliteRecords(sql: Sqlite, tenant: TenantId, visitor: RecordVisitor, chunk: number): void {
  const scanner = new RecordScanner(visitor);
  const ofDeal = splitOnce(dealLabels);
  const ofActivity = splitOnce(activityLabels);
  const tables = [
    {
      table: 'deals',
      columns: DEAL_COLUMNS,
      visit(r: unknown[]): void {
        const labels = ofDeal(r[4] as string);
        r[4] = labels.status;
        r[5] = labels.pipeline ?? null;
        scanner.deal(r);
      },
    },
    {
      table: 'activities',
      columns: ACTIVITY_COLUMNS,
      visit(r: unknown[]): void {
        const labels = ofActivity(r[2] as string);
        r[2] = labels.type;
        r[5] = labels.ownerRole ?? null;
        r[6] = labels.contactLayer ?? null;
        scanner.activity(r);
      },
    },
  ];
  for (const { table, columns, visit } of tables) {
    const statement = sql.statement(`SELECT ${columns} FROM ${table} WHERE tenant = ?1 AND id > ?2 ORDER BY id LIMIT ?3`, true);
    inKeyChunks(statement, tenant, chunk, (rows) => {
      for (const row of rows) visit(row);
    });
  }
}
