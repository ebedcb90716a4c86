// The committed sample portal imported into a fresh SQLite store as tenant 'local' and
// computed once on 2026-11-01 (the portal's clock, which tests may move on): what the
// dashboard tests look at.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Router } from 'express';
import { afterAll, beforeAll } from 'vitest';
import { createFileSource } from '../../src/adapters/crm/file/file.source.ts';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';
import { silentLogger } from '../../src/app/ports/logger.port.ts';
import type { Store } from '../../src/app/ports/store.port.ts';
import { RankingPopulation } from '../../src/app/ranking-population.ts';
import { recomputeAll, type RecomputeDeps } from '../../src/app/recompute.ts';
import { syncTenant } from '../../src/app/sync.ts';
import { DEFAULT_MODEL_CONFIG } from '../../src/domain/default-model-config.ts';
import { createApp } from '../../src/http/app.ts';
import { accessGate, type GateOptions } from '../../src/http/dashboard/dashboard.access.ts';
import { dashboardRoutes, type DashboardAccess, type DashboardDeps } from '../../src/http/dashboard/dashboard.routes.ts';

export const TENANT = 'local';
export const AS_OF = Date.parse('2026-11-01T00:00:00Z');
export const SAMPLE_DIR = resolve(import.meta.dirname, '../../examples/sample-portal');

export interface SamplePortal {
  store: Store;
  /** The time the portal's runs take as now; live runs are as of it. */
  clock: { now: number };
  recompute: RecomputeDeps;
  deps: (access: DashboardAccess, gate?: GateOptions) => DashboardDeps;
  /** The dashboard on the app; one gate per app (its login counts and sessions live there). */
  app: (access: DashboardAccess, gate?: GateOptions) => ReturnType<typeof createApp>;
  close: () => Promise<void>;
}

export async function samplePortal(): Promise<SamplePortal> {
  const dir = mkdtempSync(join(tmpdir(), 'kw-dashboard-'));
  const store = createSqliteStore({ path: join(dir, 'klantwaarde.db') });
  await store.migrate();
  await syncTenant(store, createFileSource({ dir: SAMPLE_DIR, tenant: TENANT }), 'full', silentLogger);
  const clock = { now: AS_OF };
  const recompute: RecomputeDeps = {
    store,
    config: DEFAULT_MODEL_CONFIG,
    configHash: 'dashboard-test',
    now: () => clock.now,
    log: silentLogger,
    population: new RankingPopulation(store),
  };
  await recomputeAll(recompute, TENANT);

  const deps = (access: DashboardAccess, gate: GateOptions = {}): DashboardDeps => ({
    store,
    recompute,
    config: DEFAULT_MODEL_CONFIG,
    tenants: () => store.listTenants(),
    startFullRun: async (tenant) => {
      await recomputeAll(recompute, tenant);
    },
    gate: accessGate(access, gate),
  });
  const app = (access: DashboardAccess, gate: GateOptions = {}) => {
    const routers: Router[] = [dashboardRoutes(deps(access, gate))];
    return createApp({
      recompute,
      cardAuth: async () => ({ tenant: TENANT, user: 'test' }),
      log: silentLogger,
      ready: async () => true,
      routers,
    });
  };
  return {
    store,
    clock,
    recompute,
    deps,
    app,
    close: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A sample portal and its dashboard app, as a test file holds them. */
export interface PortalWithApp {
  portal: SamplePortal;
  app: ReturnType<SamplePortal['app']>;
}

/**
 * For a describe whose tests change what the file's other tests read (runs, companies, refused
 * writes): a portal of its own while it runs, put in the file's place through `get`/`set`, so
 * the tests pass in any order (--sequence.shuffle).
 */
export function ownPortal(get: () => PortalWithApp, set: (held: PortalWithApp) => void): void {
  let shared: PortalWithApp;
  beforeAll(async () => {
    shared = get();
    const portal = await samplePortal();
    set({ portal, app: portal.app({ mode: 'local' }) });
  });
  afterAll(async () => {
    await get().portal.close();
    set(shared);
  });
}
