// A full run's scan of the deals and activities on SQLite. Most of its time is node:sqlite
// making a JS value of every cell, a string for every text: of the 3.4–3.9 s five million
// activities took, their three labels (type, role, layer) were 1.5–2 s. So a row's labels
// come as one text, split once per combination the tenant has (a few dozen). The records
// handed over are the ones RecordScanner makes of the full columns.
import type { RecordVisitor, TenantId } from '../../../app/ports/store.port.ts';
import type { Activity, Deal } from '../../../domain/records.ts';
import type { Sqlite } from './sqlite.db.ts';

/** Between the labels of a row's text. Status, activity type and contact layer are words of a fixed list, which holds no control characters; the free text (pipeline, role) comes last, as it is. */
const NEXT = '\u001f';
/** Stands for a contact layer that is NULL (not the same as an empty one). */
const NO_LAYER = '\u001e';

const DEAL_COLUMNS = `company_id, amount, close_date, cost, margin_pct, discount, order_count, status || ifnull(char(31) || pipeline, '')`;
const ACTIVITY_COLUMNS = `company_id, occurred_at, duration_minutes, type || ifnull(char(31) || contact_layer, char(30)) || ifnull(char(31) || owner_role, '')`;

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
  const deal = {} as Deal;
  const activity = {} as Activity;
  const ofDeal = splitOnce(dealLabels);
  const ofActivity = splitOnce(activityLabels);
  const tables = [
    {
      table: 'deals',
      columns: DEAL_COLUMNS,
      visit(r: readonly unknown[], id: string): void {
        const labels = ofDeal(r[7] as string);
        deal.id = id;
        deal.companyId = r[0] as string;
        deal.amount = Number(r[1]);
        deal.closeDate = Number(r[2]);
        deal.status = labels.status;
        deal.pipeline = labels.pipeline;
        deal.cost = r[3] === null ? undefined : Number(r[3]);
        deal.marginPct = r[4] === null ? undefined : Number(r[4]);
        deal.discount = r[5] === null ? undefined : Number(r[5]);
        deal.orderCount = r[6] === null ? undefined : Number(r[6]);
        visitor.deal(deal);
      },
    },
    {
      table: 'activities',
      columns: ACTIVITY_COLUMNS,
      visit(r: readonly unknown[], id: string): void {
        const labels = ofActivity(r[3] as string);
        activity.id = id;
        activity.companyId = r[0] as string;
        activity.type = labels.type;
        activity.occurredAt = Number(r[1]);
        activity.durationMinutes = r[2] === null ? undefined : Number(r[2]);
        activity.ownerRole = labels.ownerRole;
        activity.contactLayer = labels.contactLayer;
        visitor.activity(activity);
      },
    },
  ];
  for (const { table, columns, visit } of tables) {
    // The id comes last in every row; the chunk's last one starts the next chunk.
    const statement = sql.statement(`SELECT ${columns}, id FROM ${table} WHERE tenant = ?1 AND id > ?2 ORDER BY id LIMIT ?3`, true);
    for (let after = ''; ; ) {
      const rows = statement.all(tenant, after, chunk) as unknown as unknown[][];
      for (const row of rows) visit(row, row[row.length - 1] as string);
      if (rows.length < chunk) break;
      after = rows[rows.length - 1]!.at(-1) as string;
    }
  }
}
