// The local Salesforce simulator for tests and the bench.
export { startSalesforceSimulator, SIMULATED_APP, type SalesforceSimulator, type SalesforceSimulatorOptions } from './simulator.ts';
export { startSimulatorThread, type SimulatorThread } from './simulator-thread.ts';
export { seedPortfolio, defineInputFields, PIPELINE_FIELD } from './seed.ts';
export { salesforceSourceAgainstSimulator, normalizeForSalesforce, QUICK_POLL, type SourceAgainstSimulator } from './against-simulator.ts';
export { SimulatedOrg } from './org.ts';
export { SIMULATED_USER_ID } from './routes-oauth.ts';
