// The Salesforce CrmWriter: only the values given, as KW_ Account fields. Up to the bulk
// threshold through sObject Collections (200 a call, a few in flight), above it through Bulk
// API 2.0 ingest. Refusals that may pass are retried apart from the rest, then reported; the
// run stops cleanly once the org has used the configured share of its daily API allowance.
import type { CompanyUpdate, CrmWriter, WriteFailure, WriteReport } from '../../../../app/ports/crm.port.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { ingestJobs, ingestUpdates } from './salesforce.bulk-ingest.ts';
import { updateCollection, type BatchOutcome } from './salesforce.collections.ts';
import type { SalesforceConnection } from '../client/salesforce.connection.ts';
import { isSalesforceError } from '../client/salesforce.errors.ts';
import { DEFAULT_POLL, type PollOptions } from '../client/salesforce.jobs.ts';
import { SALESFORCE_LIMITS } from '../client/salesforce.paths.ts';
import { chunk } from '../read/salesforce.soql.ts';
import { isPassing, mergeByCompany } from './salesforce.write-results.ts';

export interface SalesforceWriterOptions {
  conn: SalesforceConnection;
  tenant?: TenantId;
  /** Config salesforce.bulkThreshold: more changed accounts than this go through Bulk API 2.0. */
  bulkThreshold?: number;
  /** Config salesforce.dailyApiShare: stop once this share of the daily allowance is used. */
  dailyApiShare?: number;
  /** Collections calls in flight at once. */
  concurrency?: number;
  poll?: PollOptions;
  /** Pause before the one retry of a collection call that failed for want of an answer (jsforce never retries a PATCH). */
  retryDelayMs?: number;
  log?: Logger;
}

export function createSalesforceWriter(options: SalesforceWriterOptions): CrmWriter {
  const { conn } = options;
  const tenant = options.tenant ?? conn.tenant;
  const log = options.log ?? silentLogger;
  const threshold = options.bulkThreshold ?? 2000;
  const share = options.dailyApiShare ?? 0.5;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const retryDelayMs = options.retryDelayMs ?? 2000;
  const poll = options.poll ?? DEFAULT_POLL;

  const overBudget = (): boolean => {
    const usage = conn.apiUsage();
    return usage !== null && usage.limit > 0 && usage.used >= share * usage.limit;
  };

  return {
    tenant,
    async write(updates, onWritten) {
      const callsBefore = conn.stats.calls;
      const report: WriteReport = { written: [], failed: [], apiCalls: 0, stoppedBy: null };
      const merged = mergeByCompany(updates);
      // onWritten runs one batch at a time, in the order Salesforce accepted them.
      let recording: Promise<void> = Promise.resolve();
      const accept = (accepted: CompanyUpdate[]): Promise<void> => {
        if (accepted.length === 0) return recording;
        recording = recording.then(async () => {
          await onWritten(accepted);
          report.written.push(...accepted);
        });
        return recording;
      };
      const stopOn = (error: unknown): void => {
        if (!isSalesforceError(error)) throw error;
        report.stoppedBy ??= error.code;
        log.warn({ tenant, code: error.code, reason: error.message }, 'salesforce write-back stopped');
      };
      const budgetLeft = (): boolean => {
        if (report.stoppedBy !== null) return false;
        if (!overBudget()) return true;
        report.stoppedBy = 'crm.daily_limit';
        log.warn({ tenant, usage: conn.apiUsage(), share }, 'salesforce daily API share reached; the rest waits for the next run');
        return false;
      };
      /** Refusals that may pass get one more try together (each record stands alone with allOrNone false). */
      const settle = async (failed: readonly WriteFailure[]): Promise<void> => {
        report.failed.push(...failed.filter((f) => !isPassing(f)));
        const again = new Set(failed.filter(isPassing).map((f) => f.companyId));
        if (again.size === 0) return;
        for (const batch of chunk(merged.filter((u) => again.has(u.companyId)), SALESFORCE_LIMITS.collection)) {
          if (!budgetLeft()) return;
          const outcome = await updateCollection(conn, batch);
          await accept(outcome.accepted);
          report.failed.push(...outcome.failed);
        }
      };
      const collection = async (batch: CompanyUpdate[]): Promise<BatchOutcome> => {
        try {
          return await updateCollection(conn, batch);
        } catch (error) {
          if (!isSalesforceError(error, 'crm.unavailable')) throw error;
          await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
          return updateCollection(conn, batch);
        }
      };

      if (merged.length > threshold) {
        for (const job of ingestJobs(merged)) {
          if (!budgetLeft()) break;
          try {
            const outcome = await ingestUpdates(conn, job, poll);
            await accept(outcome.accepted);
            await settle(outcome.failed);
          } catch (error) {
            stopOn(error);
          }
        }
      } else {
        const queue = chunk(merged, SALESFORCE_LIMITS.collection);
        const worker = async () => {
          while (queue.length > 0 && budgetLeft()) {
            try {
              const outcome = await collection(queue.shift()!);
              await accept(outcome.accepted);
              await settle(outcome.failed);
            } catch (error) {
              stopOn(error);
            }
          }
        };
        const workers = await Promise.allSettled(Array.from({ length: concurrency }, worker));
        const crashed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
        await recording;
        if (crashed) throw crashed.reason;
      }
      await recording;
      report.apiCalls = conn.stats.calls - callsBefore;
      if (report.stoppedBy) log.warn({ tenant, code: report.stoppedBy, remaining: merged.length - report.written.length - report.failed.length }, 'salesforce write-back stopped; the rest waits for the next run');
      return report;
    },
  };
}
