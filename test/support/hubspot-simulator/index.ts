// The local HubSpot simulator for tests and the bench.
export { startHubSpotSimulator, type HubSpotSimulator, type SimulatorOptions } from './simulator.ts';
export { startSimulatorThread, type SimulatorThread } from './simulator-thread.ts';
export { seedPortfolio, ensureRelationLabels } from './seed.ts';
export { HUBSPOT_LIMIT_DEFAULTS, type Counters, type LimitOptions } from './limits.ts';
export { hubspotSourceAgainstSimulator, normalizeForHubSpot, collectPages, pullAll, FAST_LIMITS, type SourceAgainstSimulator, type Pulled } from './against-simulator.ts';
export { DEFAULT_SCOPES } from './routes-oauth.ts';
