// Card API access without a CRM (local mode): exactly the dashboard's rule, through the same gate —
// this machine only (loopback address and Host, no cross-site changes), or the dashboard token or
// session when DASHBOARD_TOKEN is set. The answers are the local tenant's.
import type { TenantId } from '../app/ports/store.port.ts';
import type { CardAuth } from './company.routes.ts';
import type { AccessGate } from './dashboard/dashboard.access.ts';

export function localCardAuth(gate: AccessGate, tenant: TenantId): CardAuth {
  const user = gate.mode === 'token' ? 'dashboard user' : 'local user';
  return async (req) => {
    await gate.check(req);
    return { tenant, user };
  };
}
