// npm run bench:hubspot — a full sync and a write-back against the local HubSpot simulator
// (20,000 companies, 100,000 deals, 300,000 activities), printing API calls against the
// minimum possible, 429s, and wall time against the floor the rate limits set; then an
// incremental sync with nothing changed since that write-back, and whether it stays within
// the echo target (one search per object type, nothing read again).
// Options: --companies N --deals-per-company N --activities-per-company N --changed N
//          --time-scale F (sync; 0.1: a 1 s window stands in for 10 s) --write-time-scale F
//          (write-back; 1: HubSpot's real window) --rate N (per 10 s) --search-rate N (per s)
//          --latency MS
// The write-back runs at the real window by default: a scaled window would measure how fast
// the simulator serves a burst of 100 batch updates, not how well the writer paces itself.
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import { computePortfolio } from '../src/domain/engine.ts';
import { DEFAULT_MODEL_CONFIG } from '../src/domain/default-model-config.ts';
import { resultProperties } from '../src/domain/crm-properties.ts';
import { generatePortfolio } from '../src/app/sample/generate-portfolio.ts';
import type { CompanyUpdate } from '../src/app/ports/crm.port.ts';
import {
  API_VERSION,
  createHubSpotClient,
  createHubSpotSource,
  createHubSpotWriter,
  createStoreEchoLog,
  HUBSPOT_LIMITS,
  rateLimitFloorMs,
  setupHubSpot,
} from '../src/adapters/crm/hubspot/hubspot.ts';
import { SYNCED_OBJECTS } from '../src/adapters/crm/hubspot/read/hubspot.objects.ts';
import { normalizeForHubSpot, pullAll, startSimulatorThread } from '../test/support/hubspot-simulator/index.ts';

const { values: args } = parseArgs({
  options: {
    companies: { type: 'string', default: '20000' },
    'deals-per-company': { type: 'string', default: '5' },
    'activities-per-company': { type: 'string', default: '15' },
    changed: { type: 'string', default: '20000' },
    'time-scale': { type: 'string', default: '0.1' },
    'write-time-scale': { type: 'string', default: '1' },
    rate: { type: 'string', default: '100' },
    'search-rate': { type: 'string', default: '5' },
    latency: { type: 'string', default: '0' },
  },
});
const num = (name: keyof typeof args) => Number(args[name]);
const AS_OF = Date.parse('2026-11-01T00:00:00Z');
const scaled = (scale: number) => ({ perWindow: num('rate'), windowMs: 10_000 * scale, searchPerWindow: num('search-rate'), searchWindowMs: 1_000 * scale, daily: Infinity });
const limits = scaled(num('time-scale'));
const clientFor = (l: typeof limits) =>
  createHubSpotClient({ accessToken: 'bench', baseUrl: simulator.url, rateLimit: l.perWindow, windowMs: l.windowMs, searchRateLimit: l.searchPerWindow, searchWindowMs: l.searchWindowMs });
const seconds = (ms: number) => (ms / 1000).toFixed(1);
const ratio = (a: number, b: number) => (b === 0 ? '–' : (a / b).toFixed(3));
const ceilDiv = (a: number, b: number) => Math.ceil(a / b);
let failures = 0;
const check = (label: string, ok: boolean) => {
  console.log(`  ${ok ? 'PASS' : 'FAIL'}  ${label}`);
  if (!ok) failures += 1;
};

console.log(`Generating a portal of ${args.companies} companies …`);
const generate = { companies: num('companies'), seed: 11, asOf: AS_OF, dealsPerCompany: num('deals-per-company'), activitiesPerCompany: num('activities-per-company') };
const portfolio = generatePortfolio(generate);
// The simulator runs in its own thread, as HubSpot runs elsewhere: its clock is not held up by our work.
const simulator = await startSimulatorThread({ portfolio: generate, limits, latencyMs: num('latency') });
const { roles } = simulator;
const count = (type: keyof typeof simulator.counts) => simulator.counts[type];
const activityTypes = ['calls', 'meetings', 'emails', 'notes', 'tasks', 'tickets'] as const;
console.log(
  `  ${count('companies')} companies, ${count('deals')} deals (${count('line_items')} line items), ${activityTypes.reduce((s, t) => s + count(t), 0)} activities ` +
    `(${activityTypes.map((t) => `${t} ${count(t)}`).join(', ')}); limits ${limits.perWindow} per ${seconds(limits.windowMs)} s, search ${limits.searchPerWindow} per ${seconds(limits.searchWindowMs)} s`,
);

const client = clientFor(limits);
const setup = await setupHubSpot({ client, accessToken: 'bench' });
console.log(`\nSetup: created ${setup.created.length} properties, ${setup.labels.created.length} label pairs; ${client.stats.calls} calls`);
await new Promise((resolve) => setTimeout(resolve, limits.windowMs));

// The writer records its writes here and the incremental sync reads them: in the server this
// lives in the store's checkpoints; an in-memory map plays that part.
const checkpoints = new Map<string, string>();
const echoes = createStoreEchoLog({
  store: { getCheckpoint: async (t, k) => checkpoints.get(`${t}/${k}`) ?? null, setCheckpoint: async (t, k, v) => void checkpoints.set(`${t}/${k}`, v) },
  tenant: 'hubspot:bench',
});
const source = createHubSpotSource({ client, tenant: 'hubspot:bench', roles, echoes });

// Full sync, in its own scope: the pulled copy is garbage before the write-back is timed.
async function fullSync(): Promise<string | null> {
  const before = { ...client.stats };
  await simulator.resetCounters();
  const t0 = performance.now();
  const pulled = await pullAll(source, 'full');
  const syncMs = performance.now() - t0;
  const syncCalls = client.stats.calls - before.calls;
  const counters = await simulator.counters();
  const searchCalls = client.stats.searchCalls - before.searchCalls;
  const companies = count('companies');
  const searched = ['companies', 'line_items', 'deals', ...activityTypes] as const;
  const searchMinimum = searched.reduce((s, t) => s + ceilDiv(count(t), HUBSPOT_LIMITS.searchPage), 0);
  // Associations: read from the smaller side, 1,000 ids per call (deals→line items, and company→X for the rest).
  const associationMinimum =
    ceilDiv(Math.min(count('line_items'), count('deals')), HUBSPOT_LIMITS.associationsBatch) +
    ['deals', ...activityTypes].reduce((s, t) => s + ceilDiv(Math.min(companies, count(t as keyof typeof simulator.counts)), HUBSPOT_LIMITS.associationsBatch), 0);
  const minimum = searchMinimum + associationMinimum;
  const syncFloor = Math.max(rateLimitFloorMs(syncCalls, limits.perWindow, limits.windowMs), rateLimitFloorMs(searchCalls, limits.searchPerWindow, limits.searchWindowMs));
  const realFloor = Math.max(rateLimitFloorMs(syncCalls, num('rate'), 10_000), rateLimitFloorMs(searchCalls, num('search-rate'), 1_000));
  console.log('\nFull sync');
  console.log(`  API calls        ${syncCalls} (search ${searchCalls}, other ${syncCalls - searchCalls}); by route:`);
  for (const [route, n] of Object.entries(counters.byRoute).sort((a, b) => b[1] - a[1])) console.log(`      ${String(n).padStart(6)}  ${route}`);
  console.log(`  minimum          ${minimum} = ${searchMinimum} search pages of 200 + ${associationMinimum} association reads of 1,000   → ${ratio(syncCalls, minimum)} × minimum`);
  console.log(`  429s received    ${client.stats.rateLimited} (simulator: ${JSON.stringify(counters.rateLimited)})`);
  console.log(`  wall time        ${seconds(syncMs)} s; rate-limit floor ${seconds(syncFloor)} s → ${ratio(syncMs, syncFloor)} × floor (real 10 s window: floor ${seconds(realFloor)} s)`);
  console.log(`  records          ${pulled.portfolio.companies.length} companies, ${pulled.portfolio.deals.length} deals, ${pulled.portfolio.activities.length} activities, ${pulled.portfolio.relations.length} relations, ${pulled.portfolio.overrides.length} overrides; skipped ${pulled.skipped.length}`);
  check('the pulled portfolio equals the seeded one (as HubSpot holds it)', isDeepStrictEqual(pulled.portfolio, normalizeForHubSpot(portfolio)));
  check('calls ≤ 1.1 × the minimum', syncCalls <= 1.1 * minimum);
  check('wall time ≤ 1.2 × the rate-limit floor', syncMs <= 1.2 * syncFloor);
  return pulled.checkpoint;
}
const checkpoint = await fullSync();

// Write-back of N changed companies.
const updates: CompanyUpdate[] = computePortfolio(portfolio, DEFAULT_MODEL_CONFIG, AS_OF)
  .results.slice(0, num('changed'))
  .map((r) => ({ companyId: r.companyId, values: resultProperties(r, AS_OF) }));
const changed = updates.length;
const writeLimits = scaled(num('write-time-scale'));
await simulator.setLimits(writeLimits);
const writeClient = clientFor(writeLimits);
const writer = createHubSpotWriter({ client: writeClient, tenant: 'hubspot:bench', echoes });
let recorded = 0;
const t0 = performance.now();
const report = await writer.write(updates, async (batch) => {
  recorded += batch.length;
});
const writeMs = performance.now() - t0;
const writeFloor = rateLimitFloorMs(report.apiCalls, writeLimits.perWindow, writeLimits.windowMs);
console.log(`\nWrite-back of ${changed} changed companies (limit ${writeLimits.perWindow} per ${seconds(writeLimits.windowMs)} s)`);
console.log(`  API calls        ${report.apiCalls} (minimum ⌈${changed}/100⌉ = ${ceilDiv(changed, 100)})`);
console.log(`  written / failed ${report.written.length} / ${report.failed.length}; stopped by ${report.stoppedBy ?? 'nothing'}; recorded by onWritten ${recorded}`);
console.log(`  429s received    ${writeClient.stats.rateLimited}`);
console.log(`  wall time        ${seconds(writeMs)} s; rate-limit floor ${seconds(writeFloor)} s → ${ratio(writeMs, writeFloor)} × floor (real 10 s window: floor ${seconds(rateLimitFloorMs(report.apiCalls, num('rate'), 10_000))} s)`);
check('write-back calls = ⌈N/100⌉', report.apiCalls === ceilDiv(changed, 100));
check('zero failed writes', report.failed.length === 0 && report.stoppedBy === null && report.written.length === changed);
check('wall time ≤ 1.2 × the rate-limit floor', writeFloor === 0 ? writeMs < 1000 : writeMs <= 1.2 * writeFloor);
const nothing = await writer.write([], async () => {});
check('a write-back with nothing changed sends nothing', nothing.apiCalls === 0);

// The next incremental sync, with nothing changed by anyone since the write-back: our own
// writes moved hs_lastmodifieddate on every written company, and none of them may be read again.
await simulator.setLimits(limits);
await simulator.resetCounters();
const before = { ...client.stats };
const t1 = performance.now();
const again = await pullAll(source, 'incremental', checkpoint);
const againMs = performance.now() - t1;
const again$ = await simulator.counters();
const againCalls = client.stats.calls - before.calls;
const againSearches = client.stats.searchCalls - before.searchCalls;
// A search the simulator refused with the per-second 429 is sent again: a retry, not a call the sync needed.
const againRefused = again$.rateLimited.SECONDLY;
const sweep = Object.entries(again$.byRoute).filter(([route]) => /^GET \/crm\/objects\/[^/]+\/[a-z_]+$/.test(route)).reduce((s, [, n]) => s + n, 0);
const changedByOthers = 0;
const searchTarget = SYNCED_OBJECTS.length + ceilDiv(changedByOthers, HUBSPOT_LIMITS.searchPage);
console.log(`\nIncremental sync after the write-back of ${report.written.length} companies, nothing else changed`);
console.log(`  API calls        ${againCalls} (search ${againSearches}, deletion sweep ${sweep}, other ${againCalls - againSearches - sweep}; ${againRefused} searches answered 429 and sent again); by route:`);
for (const [route, n] of Object.entries(again$.byRoute).sort((a, b) => b[1] - a[1])) console.log(`      ${String(n).padStart(6)}  ${route}`);
console.log(`  target           ≤ ${searchTarget} searches (one per object type + one per page of companies changed by others: ${changedByOthers}), nothing else read`);
console.log(`  records          ${again.portfolio.companies.length} companies, ${again.portfolio.deals.length} deals, ${again.portfolio.activities.length} activities handed over; wall time ${seconds(againMs)} s`);
check('echo target met: no more searches than the target (429 retries aside)', againSearches - againRefused <= searchTarget);
check('echo target met: no company, deal or activity read again', againCalls - againSearches - sweep === 0 && again.portfolio.companies.length + again.portfolio.deals.length + again.portfolio.activities.length === 0);
check(`every call on API version ${API_VERSION}`, Object.keys(again$.numeric).length === 0 && Object.keys(again$.byVersion).every((v) => v === API_VERSION));

await simulator.close();
console.log(failures === 0 ? '\nAll targets met.' : `\n${failures} target(s) missed.`);
process.exitCode = failures === 0 ? 0 : 1;
