// The CRM-source contract: every connector hands the engine the same normalized records.
// One suite, run against the file connector, HubSpot and Salesforce (through their local simulators).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePortfolioCsv } from '../src/adapters/crm/file/csv.writer.ts';
import { createFileSource } from '../src/adapters/crm/file/file.source.ts';
import type { CrmSource } from '../src/app/ports/crm.port.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import type { Portfolio } from '../src/domain/records.ts';
import { collectPages, hubspotSourceAgainstSimulator, pullAll } from './support/hubspot-simulator/index.ts';
import { salesforceSourceAgainstSimulator } from './support/salesforce-simulator/index.ts';

const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const portfolio = generatePortfolio({ companies: 60, seed: 5, asOf: AS_OF, dealsPerCompany: 4, activitiesPerCompany: 8 });

interface Connector {
  source: CrmSource;
  /** What this CRM can give back of the portfolio. */
  expected: Portfolio;
  close(): Promise<void>;
}

const connectors: Record<string, () => Promise<Connector>> = {
  file: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-contract-'));
    await writePortfolioCsv(dir, portfolio);
    return {
      source: createFileSource({ dir, tenant: 'local' }),
      expected: collectPages([{ changes: portfolio, skipped: [] }]).portfolio,
      close: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  hubspot: async () => {
    const sim = await hubspotSourceAgainstSimulator(portfolio);
    return { source: sim.source, expected: sim.expected, close: sim.close };
  },
  salesforce: async () => {
    const sim = await salesforceSourceAgainstSimulator(portfolio);
    return { source: sim.source, expected: sim.expected, close: sim.close };
  },
};

for (const [name, connect] of Object.entries(connectors)) {
  describe(`CRM source contract: ${name}`, () => {
    let connector: Connector;
    beforeAll(async () => {
      connector = await connect();
    });
    afterAll(async () => {
      await connector.close();
    });

    it('gives back the whole portfolio on a full pull, nothing skipped', async () => {
      const pulled = await pullAll(connector.source, 'full');
      expect(pulled.skipped).toEqual([]);
      expect(pulled.portfolio).toEqual(connector.expected);
    });

    it('leaves no record pointing at a company it did not give', async () => {
      const { portfolio: p } = await pullAll(connector.source, 'full');
      const ids = new Set(p.companies.map((c) => c.id));
      for (const d of p.deals) expect(ids.has(d.companyId)).toBe(true);
      for (const a of p.activities) expect(ids.has(a.companyId)).toBe(true);
      for (const r of p.relations) expect(ids.has(r.fromCompanyId) && ids.has(r.toCompanyId)).toBe(true);
    });

    it('gives one company with its deals and activities on request', async () => {
      const target = connector.expected.deals[0]!.companyId;
      const page = await connector.source.pullCompanies([target]);
      const got = collectPages([page]).portfolio;
      expect(got.companies.map((c) => c.id)).toContain(target);
      expect(got.deals.filter((d) => d.companyId === target)).toEqual(connector.expected.deals.filter((d) => d.companyId === target));
      expect(got.activities.filter((a) => a.companyId === target)).toEqual(connector.expected.activities.filter((a) => a.companyId === target));
    });
  });
}
