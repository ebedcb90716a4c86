// What the running parts report for operations (GET /metrics): webhooks in and refused, the
// worker's batches and jobs, workflow actions. The Prometheus adapter implements it; tests and
// the CLI use noMetrics.
import type { TenantId } from './store.port.ts';

export type JobOutcome = 'completed' | 'retried' | 'dead';

export interface Metrics {
  /** A signed delivery was taken in: its events, and how many of them were repeats. */
  webhookAccepted(source: string, events: number, duplicates: number): void;
  /** A delivery was refused; reason is the error code (webhook.bad_signature, webhook.too_large, …). */
  webhookRejected(source: string, reason: string): void;
  /** Queue items settled by the worker; for finished ones, the time from their first event to the end (ms). */
  jobsFinished(tenant: TenantId, outcome: JobOutcome, count: number, latenciesMs: readonly number[]): void;
  /** One worker batch of a tenant: its duration and how many companies it recomputed. */
  batchProcessed(tenant: TenantId, durationMs: number, companies: number): void;
  /** A workflow action answered: SUCCESS, BLOCK or FAIL_CONTINUE (and later completions). */
  workflowAction(state: string): void;
}

export const noMetrics: Metrics = {
  webhookAccepted: () => {},
  webhookRejected: () => {},
  jobsFinished: () => {},
  batchProcessed: () => {},
  workflowAction: () => {},
};
