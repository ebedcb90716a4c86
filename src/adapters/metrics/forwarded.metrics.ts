// Metrics across a thread boundary: the worker thread reports through `forwardMetrics`, the main
// thread replays each report on its registry with `replayMetric`, so /metrics shows both.
import type { Metrics } from '../../app/ports/metrics.port.ts';

export interface MetricMessage {
  type: 'metric';
  name: keyof Metrics;
  args: unknown[];
}

export function forwardMetrics(post: (message: MetricMessage) => void): Metrics {
  const forward =
    (name: keyof Metrics) =>
    (...args: unknown[]) =>
      post({ type: 'metric', name, args });
  return {
    webhookAccepted: forward('webhookAccepted'),
    webhookRejected: forward('webhookRejected'),
    jobsFinished: forward('jobsFinished'),
    batchProcessed: forward('batchProcessed'),
    workflowAction: forward('workflowAction'),
  };
}

export function isMetricMessage(message: unknown): message is MetricMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'metric';
}

export function replayMetric(metrics: Metrics, message: MetricMessage): void {
  (metrics[message.name] as (...args: unknown[]) => void)(...message.args);
}
