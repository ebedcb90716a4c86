// The file connector's contract (PRODUCT.md §5): which CSV files a folder holds and their
// columns, in the order the writer puts them.

export const CSV_FILES = {
  companies: {
    name: 'companies.csv',
    optionalFile: false,
    columns: ['id', 'name', 'parent_id', 'industry', 'employees', 'annual_revenue', 'lifecycle_stage', 'owner_id', 'created_at', 'is_reference', 'codevelopment', 'estimated_wallet', 'satisfaction'],
    required: ['id', 'name'],
  },
  deals: {
    name: 'deals.csv',
    optionalFile: false,
    columns: ['id', 'company_id', 'amount', 'close_date', 'status', 'pipeline', 'cost', 'margin_pct', 'discount', 'order_count'],
    required: ['id', 'company_id', 'amount', 'close_date', 'status'],
  },
  activities: {
    name: 'activities.csv',
    optionalFile: false,
    columns: ['id', 'company_id', 'type', 'occurred_at', 'duration_minutes', 'owner_role', 'contact_layer'],
    required: ['id', 'company_id', 'type', 'occurred_at'],
  },
  relations: {
    name: 'relations.csv',
    optionalFile: true,
    columns: ['from_company_id', 'to_company_id', 'kind'],
    required: ['from_company_id', 'to_company_id', 'kind'],
  },
  overrides: {
    name: 'overrides.csv',
    optionalFile: true,
    columns: ['company_id', 'segment', 'reason', 'by', 'at', 'expires_at'],
    required: ['company_id', 'segment', 'reason', 'by', 'at'],
  },
} as const;

export type CsvFileKey = keyof typeof CSV_FILES;

export interface CsvFileSpec {
  readonly name: string;
  readonly optionalFile: boolean;
  readonly columns: readonly string[];
  readonly required: readonly string[];
}
