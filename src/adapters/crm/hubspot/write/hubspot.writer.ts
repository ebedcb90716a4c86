// The HubSpot CrmWriter: changed values as kw_ company properties, 100 companies per batch
// update, paced by the client; partial failures retried alone, a daily limit stops cleanly.
import type { CompanyUpdate, CrmWriter, WriteFailure, WriteReport } from '../../../../app/ports/crm.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { batchResponse, crmObject, type BatchError } from '../client/hubspot.schemas.ts';

const withId = crmObject.pick({ id: true });

export interface HubSpotWriterOptions {
  client: HubSpotClient;
  tenant: TenantId;
  /** Companies per batch update (config hubspot.batchSize), at most 100. */
  batchSize?: number;
  /** Batches in flight at once; the client still paces them to the account's limit. */
  concurrency?: number;
  log?: Logger;
}

export const PROPERTY_PREFIX = 'kw_';

export function propertyName(name: string): string {
  return name.startsWith(PROPERTY_PREFIX) ? name : `${PROPERTY_PREFIX}${name}`;
}

interface BatchOutcome {
  accepted: CompanyUpdate[];
  failed: WriteFailure[];
}

const FAILURE_CODES: Record<string, string> = { OBJECT_NOT_FOUND: 'crm.not_found', VALIDATION_ERROR: 'crm.invalid_value' };

export function createHubSpotWriter(options: HubSpotWriterOptions): CrmWriter {
  const { client } = options;
  const log = options.log ?? silentLogger;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? HUBSPOT_LIMITS.batch, HUBSPOT_LIMITS.batch));
  const concurrency = Math.max(1, options.concurrency ?? 4);

  async function send(batch: CompanyUpdate[]): Promise<BatchOutcome> {
    const inputs = batch.map((u) => ({
      id: u.companyId,
      properties: Object.fromEntries(Object.entries(u.values).map(([name, value]) => [propertyName(name), value ?? ''])),
    }));
    const { data } = await client.send({ method: 'POST', path: HUBSPOT_PATHS.batchUpdate('companies'), body: { inputs } }, batchResponse);
    const done = new Set(data.results.map((r) => withId.safeParse(r)).flatMap((p) => (p.success ? [p.data.id] : [])));
    const reasons = reasonsById(data.errors ?? []);
    return {
      accepted: batch.filter((u) => done.has(u.companyId)),
      failed: batch
        .filter((u) => !done.has(u.companyId))
        .map((u) => reasons.get(u.companyId) ?? { companyId: u.companyId, code: 'crm.write_failed', message: 'not confirmed by HubSpot' }),
    };
  }

  return {
    tenant: options.tenant,
    async write(updates, onWritten) {
      const callsBefore = client.stats.calls;
      const report: WriteReport = { written: [], failed: [], apiCalls: 0, stoppedBy: null };
      const queue: CompanyUpdate[][] = chunk(mergeByCompany(updates), batchSize);
      // onWritten runs one batch at a time, in the order HubSpot accepted them.
      let recording: Promise<void> = Promise.resolve();
      const accept = (accepted: CompanyUpdate[]): Promise<void> => {
        if (accepted.length === 0) return recording;
        recording = recording.then(async () => {
          await onWritten(accepted);
          report.written.push(...accepted);
        });
        return recording;
      };
      const writeBatch = async (batch: CompanyUpdate[]): Promise<void> => {
        try {
          const outcome = await send(batch);
          await accept(outcome.accepted);
          for (const failure of outcome.failed) {
            if (failure.code === 'crm.not_found' || batch.length === 1) {
              report.failed.push(failure);
              continue;
            }
            const alone = await send([batch.find((u) => u.companyId === failure.companyId)!]);
            await accept(alone.accepted);
            report.failed.push(...alone.failed);
          }
        } catch (error) {
          if (isHubSpotError(error, 'crm.bad_request') && batch.length > 1) {
            // HubSpot refused the whole batch for one bad input: halve until it is found.
            const half = Math.ceil(batch.length / 2);
            queue.unshift(batch.slice(0, half), batch.slice(half));
          } else if (isHubSpotError(error, 'crm.bad_request')) {
            report.failed.push({ companyId: batch[0]!.companyId, code: 'crm.invalid_value', message: error.message });
          } else if (isHubSpotError(error)) {
            report.stoppedBy ??= error.code;
          } else {
            throw error;
          }
        }
      };
      const worker = async () => {
        while (report.stoppedBy === null && queue.length > 0) await writeBatch(queue.shift()!);
      };
      const workers = await Promise.allSettled(Array.from({ length: concurrency }, worker));
      await recording;
      const crashed = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
      if (crashed) throw crashed.reason;
      if (report.stoppedBy) {
        log.warn({ tenant: options.tenant, code: report.stoppedBy, remaining: updates.length - report.written.length - report.failed.length }, 'hubspot write-back stopped; the rest waits for the next run');
      }
      report.apiCalls = client.stats.calls - callsBefore;
      return report;
    },
  };
}

function reasonsById(errors: readonly BatchError[]): Map<string, WriteFailure> {
  const reasons = new Map<string, WriteFailure>();
  for (const error of errors) {
    const code = FAILURE_CODES[error.category ?? ''] ?? 'crm.write_failed';
    for (const id of error.context?.ids ?? []) reasons.set(id, { companyId: id, code, message: error.message ?? error.category ?? 'failed' });
  }
  return reasons;
}

/** One update per company (later values win), and none without values: nothing changed, nothing sent. */
function mergeByCompany(updates: readonly CompanyUpdate[]): CompanyUpdate[] {
  const merged = new Map<string, CompanyUpdate>();
  for (const u of updates) {
    if (Object.keys(u.values).length === 0) continue;
    const current = merged.get(u.companyId);
    merged.set(u.companyId, { companyId: u.companyId, values: { ...current?.values, ...u.values } });
  }
  return [...merged.values()];
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
