// npm run bench:salesforce — setup, a full sync and a write-back against the local Salesforce
// simulator (20,000 accounts, 100,000 opportunities, 300,000 activities), printing API calls
// against the minimum possible and wall time.
// Options: --companies N --deals-per-company N --activities-per-company N --changed N
//          --small-changed N (a write-back below the bulk threshold) --latency MS
//          --bulk-ms-per-thousand MS (the simulated org's job processing time)
//          --bulk-page N (rows per Bulk API 2.0 result set) --first-poll MS
// The minimum: each object read either in REST pages of 2,000 or by one Bulk API 2.0 job
// (create, one status check, one call per result set), whichever takes fewer calls; one
// AccountHistory query per 300 overrides to date them. A write-back: above the bulk threshold
// one ingest job (create, upload, close, one status check), below it collections of 200.
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { computePortfolio } from '../src/domain/engine.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { resultProperties } from '../src/domain/crm-properties.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import type { CompanyUpdate } from '../src/app/ports/crm.port.ts';
import { connectWithToken, createSalesforceSource, createSalesforceWriter, setupSalesforce, DEFAULT_FIELD_NAMES, SALESFORCE_LIMITS } from '../src/adapters/crm/salesforce/salesforce.ts';
import { collectPages } from '../test/support/hubspot-simulator/against-simulator.ts';
import { normalizeForSalesforce, PIPELINE_FIELD, startSimulatorThread } from '../test/support/salesforce-simulator/index.ts';
import type { SyncPage } from '../src/app/ports/crm.port.ts';

const { values: args } = parseArgs({
  options: {
    companies: { type: 'string', default: '20000' },
    'deals-per-company': { type: 'string', default: '5' },
    'activities-per-company': { type: 'string', default: '15' },
    changed: { type: 'string', default: '20000' },
    'small-changed': { type: 'string', default: '1500' },
    latency: { type: 'string', default: '0' },
    'bulk-ms-per-thousand': { type: 'string', default: '2' },
    'bulk-page': { type: 'string', default: '100000' },
    'first-poll': { type: 'string', default: '1000' },
  },
});
const num = (name: keyof typeof args) => Number(args[name]);
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
let failures = 0;
const check = (label: string, ok: boolean) => {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label}`);
  if (!ok) failures += 1;
};

console.log(`Generating an org of ${args.companies} accounts …`);
const generate = { companies: num('companies'), seed: 11, asOf: AS_OF, dealsPerCompany: num('deals-per-company'), activitiesPerCompany: num('activities-per-company') };
const portfolio = generatePortfolio(generate);
// The simulator runs in its own thread, as Salesforce runs elsewhere.
const simulator = await startSimulatorThread({ portfolio: generate, bulk: { msPerThousand: num('bulk-ms-per-thousand') }, latencyMs: num('latency'), dailyLimit: 10_000_000 });
const counts = simulator.counts;
const objects = ['Account', 'Opportunity', 'OpportunityLineItem', 'Task', 'Event', 'Case'] as const;
console.log(`  ${objects.map((o) => `${o} ${counts[o]}`).join(', ')}; generated activities ${portfolio.activities.length} (Task + Event + Case ${counts.Task! + counts.Event! + counts.Case!})`);

const poll = { firstMs: num('first-poll'), maxMs: 15_000, timeoutMs: 30 * 60_000 };
const conn = await connectWithToken({ accessToken: 'bench', instanceUrl: simulator.url, apiVersion: '62.0' });
const setup = await setupSalesforce({ conn });
console.log(`\nSetup: created ${setup.created.length} fields, ${setup.existing.length} existing, permission sets ${setup.permissionSets.map((p) => `${p.name} ${p.status}`).join(', ')}; ${conn.stats.calls} calls (connect included)`);

// Full sync.
const bulkPage = num('bulk-page');
const source = createSalesforceSource({ conn, roles: simulator.roles, fields: { ...DEFAULT_FIELD_NAMES, pipelineField: PIPELINE_FIELD }, bulkPageSize: bulkPage, poll });
await simulator.resetCounters();
const callsBefore = conn.stats.calls;
const t0 = performance.now();
const pages: SyncPage[] = [];
for await (const page of source.pull({ mode: 'full', checkpoint: null })) pages.push(page);
const syncMs = performance.now() - t0;
const syncCalls = conn.stats.calls - callsBefore;
const counters = await simulator.counters();
const pulled = collectPages(pages);
const perObject = objects.map((o) => {
  const n = counts[o] ?? 0;
  return { object: o, rest: Math.max(1, ceilDiv(n, SALESFORCE_LIMITS.queryBatch)), bulk: 2 + Math.max(1, ceilDiv(n, bulkPage)) };
});
const historyMinimum = ceilDiv(portfolio.overrides.length, SALESFORCE_LIMITS.idsPerQuery);
const minimum = perObject.reduce((s, o) => s + Math.min(o.rest, o.bulk), 0) + historyMinimum;
console.log('\nFull sync');
console.log(`  API calls        ${syncCalls} (simulator saw ${counters.calls}); by route:`);
for (const [route, n] of Object.entries(counters.byRoute).sort((a, b) => b[1] - a[1])) console.log(`      ${String(n).padStart(6)}  ${route}`);
console.log(`  minimum          ${minimum} = ${perObject.map((o) => `${o.object} ${Math.min(o.rest, o.bulk)}`).join(' + ')} + ${historyMinimum} override history   → ${ratio(syncCalls, minimum)} × minimum`);
console.log(`                   (REST only it would be ${perObject.reduce((s, o) => s + o.rest, 0) + historyMinimum} calls)`);
console.log(`  wall time        ${seconds(syncMs)} s (${pages.length} pages)`);
console.log(`  records          ${pulled.portfolio.companies.length} accounts, ${pulled.portfolio.deals.length} deals, ${pulled.portfolio.activities.length} activities, ${pulled.portfolio.relations.length} relations, ${pulled.portfolio.overrides.length} overrides; skipped ${pulled.skipped.length}`);
check('the pulled portfolio equals the seeded one (as Salesforce holds it)', isDeepStrictEqual(pulled.portfolio, normalizeForSalesforce(portfolio)));
check('calls ≤ 1.1 × the minimum', syncCalls <= 1.1 * minimum);

// Write-backs: one above the bulk threshold (Bulk API 2.0 ingest), one below it (collections).
const { results } = computePortfolio(portfolio, DEFAULT_MODEL_CONFIG, AS_OF);
const updatesOf = (n: number, offset = 0): CompanyUpdate[] => results.slice(offset, offset + n).map((r) => ({ companyId: r.companyId, values: resultProperties(r, AS_OF) }));
async function writeBack(label: string, updates: CompanyUpdate[]) {
  const writer = createSalesforceWriter({ conn, bulkThreshold: 2000, dailyApiShare: 0.5, poll });
  let recorded = 0;
  await simulator.resetCounters();
  const start = performance.now();
  const report = await writer.write(updates, async (batch) => {
    recorded += batch.length;
  });
  const ms = performance.now() - start;
  const byRoute = (await simulator.counters()).byRoute;
  const n = updates.length;
  // The path the bulk threshold (2,000) picks: one ingest job above it, collections of 200 below it.
  const bulk = n > 2000;
  const minimum = bulk ? 4 : ceilDiv(n, SALESFORCE_LIMITS.collection);
  console.log(`\nWrite-back of ${n} changed accounts (${label})`);
  console.log(`  API calls        ${report.apiCalls}: ${Object.entries(byRoute).map(([r, c]) => `${r} ${c}`).join(', ')}`);
  console.log(`  minimum          ${minimum} (${bulk ? `one ingest job: create, upload, close, one status check; collections would take ${ceilDiv(n, 200)}` : `⌈${n}/200⌉ collections; an ingest job would take 4 calls but seconds longer`})   → ${ratio(report.apiCalls, minimum)} × minimum`);
  console.log(`  written / failed ${report.written.length} / ${report.failed.length}; stopped by ${report.stoppedBy ?? 'nothing'}; recorded by onWritten ${recorded}`);
  console.log(`  wall time        ${seconds(ms)} s`);
  check(`${label}: calls ≤ 1.1 × the minimum`, report.apiCalls <= 1.1 * minimum);
  check(`${label}: zero failed writes`, report.failed.length === 0 && report.stoppedBy === null && report.written.length === n && recorded === n);
}
const changed = Math.min(num('changed'), results.length);
await writeBack('Bulk API 2.0 ingest', updatesOf(changed));
const small = Math.min(num('small-changed'), results.length);
if (small > 0) await writeBack('sObject Collections', updatesOf(small));
const nothing = await createSalesforceWriter({ conn }).write([], async () => {});
check('a write-back with nothing changed sends nothing', nothing.apiCalls === 0);
console.log(`\nDaily allowance seen: ${JSON.stringify(conn.apiUsage())}`);

await simulator.close();
console.log(failures === 0 ? '\nAll targets met.' : `\n${failures} target(s) missed.`);
process.exitCode = failures === 0 ? 0 : 1;
