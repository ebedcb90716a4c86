// The CRM side of the runtime: which tenants are connected, and each one's source and
// writer. Local mode has the file tenant only, which is imported, never written to.
import type { CrmSource, CrmWriter } from '../app/ports/crm.port.ts';
import type { Logger } from '../app/ports/logger.port.ts';
import type { Store, TenantId } from '../app/ports/store.port.ts';
import type { KlantwaardeConfig } from '../config/config.schema.ts';
import type { CrmMode, Env } from '../config/env.schema.ts';

export interface CrmConnections {
  tenants(): Promise<TenantId[]>;
  sourceFor(tenant: TenantId): CrmSource | null;
  writerFor(tenant: TenantId): CrmWriter | null;
}

export interface CrmConnectionOptions {
  env: Env;
  config: KlantwaardeConfig;
  store: Store;
  log: Logger;
  mode: CrmMode;
}

export async function connectCrms(options: CrmConnectionOptions): Promise<CrmConnections> {
  if (options.mode === 'local') {
    return { tenants: async () => ['local'], sourceFor: () => null, writerFor: () => null };
  }
  throw new Error(`CRM mode ${options.mode} is not wired yet`);
}
