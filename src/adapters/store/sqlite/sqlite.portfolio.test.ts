// A replacement's bulk inserts write the tenant into the statement's text: a tenant with a
// quote or a NUL must still land as itself, in full and in a page's last shorter statement,
// and leave the other tenants alone.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Activity, Company } from '../../../domain/records.ts';
import { createSqliteStore } from './sqlite.store.ts';

const root = mkdtempSync(join(tmpdir(), 'kw-sqlite-portfolio-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('SQLite replacement inserts', () => {
  it('store every row under its own tenant, whatever characters the tenant has', async () => {
    const store = createSqliteStore({ path: join(root, 'tenants.db') });
    await store.migrate();
    const tenants = ['local', "O'Brien'); DROP TABLE activities; --", 'with\u0000nul'];
    const companies: Company[] = [{ id: 'c1', name: 'Een', createdAt: 0 }];
    // 150 activities: two full statements of 64 rows and a last one of 22.
    const activities = (tenant: string): Activity[] =>
      Array.from({ length: 150 }, (_, i) => ({ id: `a${String(i).padStart(3, '0')}`, companyId: 'c1', type: 'call', occurredAt: i, ownerRole: tenant.slice(0, 5) }));
    for (const tenant of tenants) {
      const outcome = await store.replacePortfolio(tenant, async (put) => put({ companies, activities: activities(tenant) }));
      expect(outcome.records).toBe(151);
    }
    for (const tenant of tenants) {
      const loaded = await store.loadPortfolio(tenant);
      expect(loaded.companies).toStrictEqual(companies);
      expect(loaded.activities).toStrictEqual(activities(tenant).map((a) => ({ ...a, ownerRole: a.ownerRole!.replaceAll('\u0000', '') })));
    }
    await store.close();
  });
});
