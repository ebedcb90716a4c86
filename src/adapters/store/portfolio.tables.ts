// The portfolio tables as both adapters write and read them: the columns in row order and
// the mapping between domain records and rows. A null column is an absent optional field.
import type { Owner } from '../../app/ports/store.port.ts';
import type { Activity, Company, Deal, Override, Relation } from '../../domain/records.ts';
import { storeCellsFrom } from './stored-text.ts';

export type Cell = string | number | null;

/** The instant columns of each portfolio table (the stores move them for a living sample). */
export const INSTANT_COLUMNS: Readonly<Record<'companies' | 'deals' | 'activities' | 'overrides', readonly string[]>> = {
  companies: ['created_at'],
  deals: ['close_date'],
  activities: ['occurred_at'],
  overrides: ['set_at', 'expires_at'],
};
export type ColumnType = 'text' | 'bigint' | 'float8' | 'boolean';

export interface Column {
  name: string;
  type: ColumnType;
}

interface TableDefinition<R> {
  name: 'companies' | 'deals' | 'activities' | 'relations' | 'overrides' | 'owners';
  /** The columns after tenant that identify a row (the first ones of `columns`). */
  key: readonly string[];
  columns: readonly Column[];
  /** Appends the record's row to `into`. Booleans become 1/0, which both SQLite and PostgreSQL's boolean input accept. */
  cells(record: R, into: Cell[]): void;
  fromRow(row: readonly unknown[]): R;
}

export interface PortfolioTable<R> extends TableDefinition<R> {
  /** The record's row appended to `into` (a bulk insert's parameters), text without NUL. */
  cells(record: R, into: Cell[]): void;
  /** The record's row, text without NUL. */
  toRow(record: R): Cell[];
}

const text = (name: string): Column => ({ name, type: 'text' });
const bigint = (name: string): Column => ({ name, type: 'bigint' });
const float8 = (name: string): Column => ({ name, type: 'float8' });
const boolean = (name: string): Column => ({ name, type: 'boolean' });

/** Every table's rows go through here: text as the stores keep it (stored-text.ts). */
const table = <R>(definition: TableDefinition<R>): PortfolioTable<R> => {
  const cells = (record: R, into: Cell[]) => {
    const from = into.length;
    definition.cells(record, into);
    storeCellsFrom(into, from);
  };
  return {
    ...definition,
    cells,
    toRow: (record) => {
      const row: Cell[] = [];
      cells(record, row);
      return row;
    },
  };
};

const cell = <T extends string | number>(value: T | undefined | null): T | null => value ?? null;
const flag = (value: boolean | undefined | null): number | null => (value === undefined || value === null ? null : value ? 1 : 0);

export const companiesTable = table<Company>({
  name: 'companies',
  key: ['id'],
  columns: [
    text('id'), text('name'), text('parent_id'), text('industry'), float8('employees'), float8('annual_revenue'),
    text('lifecycle_stage'), text('owner_id'), bigint('created_at'), boolean('is_reference'), boolean('codevelopment'),
    float8('estimated_wallet'), float8('satisfaction'), float8('satisfaction_responses'),
  ],
  cells: (c, into) =>
    void into.push(
      c.id, c.name, cell(c.parentId), cell(c.industry), cell(c.employees), cell(c.annualRevenue), cell(c.lifecycleStage),
      cell(c.ownerId), c.createdAt, flag(c.isReference), flag(c.codevelopment), cell(c.estimatedWallet), cell(c.satisfaction),
      cell(c.satisfactionResponses),
    ),
  fromRow: (r) => {
    const c: Company = { id: r[0] as string, name: r[1] as string, createdAt: r[8] as number };
    if (r[2] !== null) c.parentId = r[2] as string;
    if (r[3] !== null) c.industry = r[3] as string;
    if (r[4] !== null) c.employees = r[4] as number;
    if (r[5] !== null) c.annualRevenue = r[5] as number;
    if (r[6] !== null) c.lifecycleStage = r[6] as string;
    if (r[7] !== null) c.ownerId = r[7] as string;
    if (r[9] !== null) c.isReference = Boolean(r[9]);
    if (r[10] !== null) c.codevelopment = Boolean(r[10]);
    if (r[11] !== null) c.estimatedWallet = r[11] as number;
    if (r[12] !== null) c.satisfaction = r[12] as number;
    // Rows before migration 8 have no such column value (undefined); none has responses.
    if (r[13] !== null && r[13] !== undefined) c.satisfactionResponses = r[13] as number;
    return c;
  },
});

export const dealsTable = table<Deal>({
  name: 'deals',
  key: ['id'],
  columns: [
    text('id'), text('company_id'), float8('amount'), bigint('close_date'), text('status'), text('pipeline'),
    float8('cost'), float8('margin_pct'), float8('discount'), float8('order_count'),
  ],
  cells: (d, into) =>
    void into.push(
      d.id, d.companyId, d.amount, d.closeDate, d.status, cell(d.pipeline), cell(d.cost), cell(d.marginPct),
      cell(d.discount), cell(d.orderCount),
    ),
  fromRow: (r) => {
    const d: Deal = { id: r[0] as string, companyId: r[1] as string, amount: r[2] as number, closeDate: r[3] as number, status: r[4] as Deal['status'] };
    if (r[5] !== null) d.pipeline = r[5] as string;
    if (r[6] !== null) d.cost = r[6] as number;
    if (r[7] !== null) d.marginPct = r[7] as number;
    if (r[8] !== null) d.discount = r[8] as number;
    if (r[9] !== null) d.orderCount = r[9] as number;
    return d;
  },
});

export const activitiesTable = table<Activity>({
  name: 'activities',
  key: ['id'],
  columns: [
    text('id'), text('company_id'), text('type'), bigint('occurred_at'), float8('duration_minutes'), text('owner_role'),
    text('contact_layer'),
  ],
  cells: (a, into) => void into.push(a.id, a.companyId, a.type, a.occurredAt, cell(a.durationMinutes), cell(a.ownerRole), cell(a.contactLayer)),
  fromRow: (r) => {
    const a: Activity = { id: r[0] as string, companyId: r[1] as string, type: r[2] as Activity['type'], occurredAt: r[3] as number };
    if (r[4] !== null) a.durationMinutes = r[4] as number;
    if (r[5] !== null) a.ownerRole = r[5] as string;
    if (r[6] !== null) a.contactLayer = r[6] as Activity['contactLayer'];
    return a;
  },
});

export const relationsTable = table<Relation>({
  name: 'relations',
  key: ['from_company_id', 'to_company_id', 'kind'],
  columns: [text('from_company_id'), text('to_company_id'), text('kind')],
  cells: (r, into) => void into.push(r.fromCompanyId, r.toCompanyId, r.kind),
  fromRow: (r) => ({ fromCompanyId: r[0] as string, toCompanyId: r[1] as string, kind: r[2] as Relation['kind'] }),
});

export const overridesTable = table<Override>({
  name: 'overrides',
  key: ['company_id'],
  columns: [text('company_id'), text('segment'), text('reason'), text('set_by'), bigint('set_at'), bigint('expires_at')],
  cells: (o, into) => void into.push(o.companyId, o.segment, o.reason, o.by, o.at, cell(o.expiresAt)),
  fromRow: (r) => {
    const o: Override = { companyId: r[0] as string, segment: r[1] as Override['segment'], reason: r[2] as string, by: r[3] as string, at: r[4] as number };
    if (r[5] !== null) o.expiresAt = r[5] as number;
    return o;
  },
});

export const ownersTable = table<Owner>({
  name: 'owners',
  key: ['id'],
  columns: [text('id'), text('first_name'), text('last_name'), text('email')],
  cells: (o, into) => void into.push(o.id, cell(o.firstName), cell(o.lastName), cell(o.email)),
  fromRow: (r) => {
    const o: Owner = { id: r[0] as string };
    if (r[1] !== null) o.firstName = r[1] as string;
    if (r[2] !== null) o.lastName = r[2] as string;
    if (r[3] !== null) o.email = r[3] as string;
    return o;
  },
});

export const PORTFOLIO_TABLES = [companiesTable, dealsTable, activitiesTable, relationsTable, overridesTable, ownersTable] as const;
