// The store's schema as numbered migrations, one SQL text per dialect for each version.
// Never edit a migration that has shipped: add the next version instead.

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'portfolio records',
    // WITHOUT ROWID: the rows are small and always looked up by their key, so the key
    // B-tree holds the row itself. No foreign keys: CRM records arrive in any order (a
    // deal before its company), and deletions cascade explicitly in the adapter.
    sqlite: `
      CREATE TABLE companies (
        tenant TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, parent_id TEXT, industry TEXT,
        employees REAL, annual_revenue REAL, lifecycle_stage TEXT, owner_id TEXT,
        created_at INTEGER NOT NULL, is_reference INTEGER, codevelopment INTEGER,
        estimated_wallet REAL, satisfaction REAL,
        PRIMARY KEY (tenant, id)
      ) WITHOUT ROWID;
      CREATE TABLE deals (
        tenant TEXT NOT NULL, id TEXT NOT NULL, company_id TEXT NOT NULL, amount REAL NOT NULL,
        close_date INTEGER NOT NULL, status TEXT NOT NULL, pipeline TEXT, cost REAL,
        margin_pct REAL, discount REAL, order_count REAL,
        PRIMARY KEY (tenant, id)
      ) WITHOUT ROWID;
      CREATE INDEX deals_by_company ON deals (tenant, company_id);
      CREATE TABLE activities (
        tenant TEXT NOT NULL, id TEXT NOT NULL, company_id TEXT NOT NULL, type TEXT NOT NULL,
        occurred_at INTEGER NOT NULL, duration_minutes REAL, owner_role TEXT, contact_layer TEXT,
        PRIMARY KEY (tenant, id)
      ) WITHOUT ROWID;
      CREATE INDEX activities_by_company ON activities (tenant, company_id);
      CREATE TABLE relations (
        tenant TEXT NOT NULL, from_company_id TEXT NOT NULL, to_company_id TEXT NOT NULL, kind TEXT NOT NULL,
        PRIMARY KEY (tenant, from_company_id, to_company_id, kind)
      ) WITHOUT ROWID;
      CREATE INDEX relations_by_target ON relations (tenant, to_company_id);
      CREATE TABLE overrides (
        tenant TEXT NOT NULL, company_id TEXT NOT NULL, segment TEXT NOT NULL, reason TEXT NOT NULL,
        set_by TEXT NOT NULL, set_at INTEGER NOT NULL, expires_at INTEGER,
        PRIMARY KEY (tenant, company_id)
      ) WITHOUT ROWID;
    `,
    // COLLATE "C": byte order, the same as SQLite's, and far cheaper to compare in the
    // key B-trees than a locale collation.
    postgres: `
      CREATE TABLE companies (
        tenant text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, name text NOT NULL,
        parent_id text COLLATE "C", industry text, employees double precision,
        annual_revenue double precision, lifecycle_stage text, owner_id text,
        created_at bigint NOT NULL, is_reference boolean, codevelopment boolean,
        estimated_wallet double precision, satisfaction double precision,
        PRIMARY KEY (tenant, id)
      );
      CREATE TABLE deals (
        tenant text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL,
        amount double precision NOT NULL, close_date bigint NOT NULL, status text NOT NULL, pipeline text,
        cost double precision, margin_pct double precision, discount double precision, order_count double precision,
        PRIMARY KEY (tenant, id)
      );
      CREATE INDEX deals_by_company ON deals (tenant, company_id);
      CREATE TABLE activities (
        tenant text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL,
        type text NOT NULL, occurred_at bigint NOT NULL, duration_minutes double precision,
        owner_role text, contact_layer text,
        PRIMARY KEY (tenant, id)
      );
      CREATE INDEX activities_by_company ON activities (tenant, company_id);
      CREATE TABLE relations (
        tenant text COLLATE "C" NOT NULL, from_company_id text COLLATE "C" NOT NULL,
        to_company_id text COLLATE "C" NOT NULL, kind text COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant, from_company_id, to_company_id, kind)
      );
      CREATE INDEX relations_by_target ON relations (tenant, to_company_id);
      CREATE TABLE overrides (
        tenant text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL, segment text NOT NULL,
        reason text NOT NULL, set_by text NOT NULL, set_at bigint NOT NULL, expires_at bigint,
        PRIMARY KEY (tenant, company_id)
      );
    `,
  },
  {
    version: 2,
    name: 'checkpoints, runs and results',
    // runs.seq keeps runs started in the same millisecond in the order they started.
    sqlite: `
      CREATE TABLE checkpoints (
        tenant TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL,
        PRIMARY KEY (tenant, name)
      ) WITHOUT ROWID;
      CREATE TABLE runs (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL, kind TEXT NOT NULL,
        status TEXT NOT NULL, started_at INTEGER NOT NULL, finished_at INTEGER, as_of INTEGER NOT NULL,
        config_hash TEXT NOT NULL, counts TEXT NOT NULL, agreement_rate REAL, error TEXT
      );
      CREATE INDEX runs_by_tenant ON runs (tenant, started_at, seq);
      CREATE TABLE latest_results (
        tenant TEXT NOT NULL, company_id TEXT NOT NULL, run_id TEXT NOT NULL, as_of INTEGER NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (tenant, company_id)
      );
      CREATE TABLE result_history (
        tenant TEXT NOT NULL, run_id TEXT NOT NULL, company_id TEXT NOT NULL, as_of INTEGER NOT NULL,
        segment TEXT, segment_computed TEXT, pyramid_level TEXT NOT NULL,
        total_value REAL NOT NULL, net_contribution REAL NOT NULL,
        PRIMARY KEY (tenant, run_id, company_id)
      ) WITHOUT ROWID;
      CREATE INDEX result_history_by_company ON result_history (tenant, company_id, as_of);
      CREATE TABLE written_values (
        tenant TEXT NOT NULL, company_id TEXT NOT NULL, properties TEXT NOT NULL,
        PRIMARY KEY (tenant, company_id)
      );
    `,
    postgres: `
      CREATE TABLE checkpoints (
        tenant text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, value text NOT NULL,
        PRIMARY KEY (tenant, name)
      );
      CREATE TABLE runs (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text COLLATE "C" NOT NULL UNIQUE,
        tenant text COLLATE "C" NOT NULL, kind text NOT NULL, status text NOT NULL,
        started_at bigint NOT NULL, finished_at bigint, as_of bigint NOT NULL, config_hash text NOT NULL,
        counts jsonb NOT NULL, agreement_rate double precision, error text
      );
      CREATE INDEX runs_by_tenant ON runs (tenant, started_at, seq);
      CREATE TABLE latest_results (
        tenant text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL,
        run_id text COLLATE "C" NOT NULL, as_of bigint NOT NULL, result json NOT NULL,
        PRIMARY KEY (tenant, company_id)
      );
      CREATE TABLE result_history (
        tenant text COLLATE "C" NOT NULL, run_id text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL,
        as_of bigint NOT NULL, segment text, segment_computed text, pyramid_level text NOT NULL,
        total_value double precision NOT NULL, net_contribution double precision NOT NULL,
        PRIMARY KEY (tenant, run_id, company_id)
      );
      CREATE INDEX result_history_by_company ON result_history (tenant, company_id, as_of);
      CREATE TABLE written_values (
        tenant text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL, properties jsonb NOT NULL,
        PRIMARY KEY (tenant, company_id)
      );
    `,
  },
  {
    version: 3,
    name: 'history figures and company lookup by id',
    // The card shows every value figure's trend against the previous run, so history keeps
    // them (NULL in rows from before this version). The card API tells "another portal's
    // company" (403) from "unknown" (404) by finding a company id across tenants.
    sqlite: `
      ALTER TABLE result_history ADD COLUMN revenue REAL;
      ALTER TABLE result_history ADD COLUMN gross_margin REAL;
      ALTER TABLE result_history ADD COLUMN cost_to_serve REAL;
      ALTER TABLE result_history ADD COLUMN clv REAL;
      ALTER TABLE result_history ADD COLUMN strategic_value REAL;
      CREATE INDEX companies_by_id ON companies (id);
    `,
    postgres: `
      ALTER TABLE result_history ADD COLUMN revenue double precision, ADD COLUMN gross_margin double precision,
        ADD COLUMN cost_to_serve double precision, ADD COLUMN clv double precision, ADD COLUMN strategic_value double precision;
      CREATE INDEX companies_by_id ON companies (id);
    `,
  },
  {
    version: 4,
    name: 'companies by parent',
    // An incremental run of a parent reads its children (influence with
    // strategic.parentInfluence), found by their parent_id.
    sqlite: `CREATE INDEX companies_by_parent ON companies (tenant, parent_id);`,
    postgres: `CREATE INDEX companies_by_parent ON companies (tenant, parent_id);`,
  },
  {
    version: 5,
    name: 'owner names',
    // The CRM's owners (HubSpot owners, Salesforce users) by id, so screens show a name
    // instead of an owner id.
    sqlite: `
      CREATE TABLE owners (
        tenant TEXT NOT NULL, id TEXT NOT NULL, first_name TEXT, last_name TEXT, email TEXT,
        PRIMARY KEY (tenant, id)
      ) WITHOUT ROWID;
    `,
    postgres: `
      CREATE TABLE owners (
        tenant text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, first_name text, last_name text, email text,
        PRIMARY KEY (tenant, id)
      );
    `,
  },
  {
    version: 6,
    name: 'ranked figures beside the latest results',
    // What ranking reads of each company, small and apart from the result's JSON: an
    // incremental run started cold loads the population of 100,000 companies from it.
    sqlite: `ALTER TABLE latest_results ADD COLUMN ranked TEXT;`,
    postgres: `ALTER TABLE latest_results ADD COLUMN ranked text;`,
  },
  {
    version: 7,
    name: 'contact-schedule tasks',
    // The tasks Klantwaarde made in the reps' CRM task lists, by their marker (the key the CRM
    // task carries too). Planning reads the open ones and the newest per company and touchpoint.
    sqlite: `
      CREATE TABLE contact_tasks (
        tenant TEXT NOT NULL, marker TEXT NOT NULL, company_id TEXT NOT NULL, touchpoint_key TEXT NOT NULL,
        crm_id TEXT, due_date TEXT NOT NULL, basis INTEGER, owner_id TEXT, subject TEXT NOT NULL,
        status TEXT NOT NULL, created_at INTEGER NOT NULL, closed_at INTEGER, note TEXT,
        PRIMARY KEY (tenant, marker)
      ) WITHOUT ROWID;
      CREATE INDEX contact_tasks_by_touchpoint ON contact_tasks (tenant, company_id, touchpoint_key, created_at);
      CREATE INDEX contact_tasks_by_status ON contact_tasks (tenant, status);
    `,
    postgres: `
      CREATE TABLE contact_tasks (
        tenant text COLLATE "C" NOT NULL, marker text COLLATE "C" NOT NULL, company_id text COLLATE "C" NOT NULL,
        touchpoint_key text COLLATE "C" NOT NULL, crm_id text, due_date text NOT NULL, basis bigint, owner_id text,
        subject text NOT NULL, status text NOT NULL, created_at bigint NOT NULL, closed_at bigint, note text,
        PRIMARY KEY (tenant, marker)
      );
      CREATE INDEX contact_tasks_by_touchpoint ON contact_tasks (tenant, company_id, touchpoint_key, created_at);
      CREATE INDEX contact_tasks_by_status ON contact_tasks (tenant, status);
    `,
  },
  {
    version: 8,
    name: 'goal progress per full run, survey response counts',
    // Each full run's customer goals (goals.*) as measured, for their trend on the dashboard and
    // in `report`; and how many survey responses a company's satisfaction averages.
    sqlite: `
      CREATE TABLE goal_progress (
        tenant TEXT NOT NULL, run_id TEXT NOT NULL, progress TEXT NOT NULL,
        PRIMARY KEY (tenant, run_id)
      ) WITHOUT ROWID;
      ALTER TABLE companies ADD COLUMN satisfaction_responses REAL;
    `,
    postgres: `
      CREATE TABLE goal_progress (
        tenant text COLLATE "C" NOT NULL, run_id text COLLATE "C" NOT NULL, progress jsonb NOT NULL,
        PRIMARY KEY (tenant, run_id)
      );
      ALTER TABLE companies ADD COLUMN satisfaction_responses double precision;
    `,
  },
  {
    version: 9,
    name: 'ranked figures readable without the results',
    // The ranked column came after the result's JSON, so reading it walked every result's
    // overflow pages on SQLite: 5 s for 100,000 companies in a cold incremental run. A covering
    // index hands the population over from the index alone (about 0.1 s).
    sqlite: `CREATE INDEX latest_results_ranked ON latest_results (tenant, company_id, ranked);`,
    postgres: `CREATE INDEX latest_results_ranked ON latest_results (tenant, company_id) INCLUDE (ranked);`,
  },
];
