// The HubSpot CrmWriter: changed values as kw_ company properties, 100 companies per batch
// update, paced by the client. Companies a validation rule refuses are reported and left for
// the next run while the rest is written; other partial failures are retried alone once; a
// daily limit stops cleanly. The server times of what was written go to the echo log.
import type { CompanyUpdate, CrmWriter, WriteReport } from '../../../../app/ports/crm.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { TIMESTAMP_PROPERTY } from '../../../../domain/crm-properties.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { isHubSpotError } from '../client/hubspot.errors.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import { HUBSPOT_LIMITS, HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { batchResponse, crmObject } from '../client/hubspot.schemas.ts';
import { mergeSets, type EchoLog, type WriteSet } from './hubspot.echo-log.ts';
import { refusalsOf207, refusalsOf400, type Refusal } from './hubspot.refusals.ts';

const acceptedRecord = crmObject.pick({ id: true, updatedAt: true });

export interface HubSpotWriterOptions {
  client: HubSpotClient;
  tenant: TenantId;
  /** Companies per batch update (config hubspot.batchSize), at most 100. */
  batchSize?: number;
  /** Batches in flight at once; the client still paces them to the account's limit. */
  concurrency?: number;
  /** Where the server times of our own writes are kept, for the sync to skip their echoes. */
  echoes?: EchoLog;
  log?: Logger;
}

export const PROPERTY_PREFIX = 'kw_';

export function propertyName(name: string): string {
  return name.startsWith(PROPERTY_PREFIX) ? name : `${PROPERTY_PREFIX}${name}`;
}

interface BatchOutcome {
  accepted: CompanyUpdate[];
  refused: Refusal[];
  /** The kw_calculated_at stamps of what was accepted, with HubSpot's updatedAt window. */
  sets: WriteSet[];
}

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
    const done = new Map(data.results.map((r) => acceptedRecord.safeParse(r)).flatMap((p) => (p.success ? [[p.data.id, p.data.updatedAt] as const] : [])));
    const refusals = refusalsOf207(data.errors ?? []);
    return {
      accepted: batch.filter((u) => done.has(u.companyId)),
      refused: batch
        .filter((u) => !done.has(u.companyId))
        .map((u) => refusals.get(u.companyId) ?? { companyId: u.companyId, code: 'crm.write_failed', message: 'not confirmed by HubSpot', final: false }),
      sets: writeSets(batch, done),
    };
  }

  return {
    tenant: options.tenant,
    async write(updates, onWritten) {
      const callsBefore = client.stats.calls;
      const report: WriteReport = { written: [], failed: [], apiCalls: 0, stoppedBy: null };
      const queue: CompanyUpdate[][] = chunk(mergeByCompany(updates), batchSize);
      const fail = (refusal: Refusal) => report.failed.push({ companyId: refusal.companyId, code: refusal.code, message: refusal.message });
      // onWritten runs one batch at a time, in the order HubSpot accepted them.
      let recording: Promise<void> = Promise.resolve();
      const accept = (outcome: BatchOutcome): Promise<void> => {
        if (outcome.accepted.length === 0) return recording;
        recording = recording.then(async () => {
          await options.echoes?.record(outcome.sets);
          await onWritten(outcome.accepted);
          report.written.push(...outcome.accepted);
        });
        return recording;
      };
      const refusedWhole = (batch: CompanyUpdate[], body: unknown, message: string) => {
        // Drop the companies HubSpot names and send the rest again; when it names none,
        // halve the batch until the refused ones are alone.
        const named = refusalsOf400(body, batch.map((u) => u.companyId));
        named.forEach(fail);
        const rest = batch.filter((u) => !named.has(u.companyId));
        if (named.size > 0 && rest.length > 0) queue.unshift(rest);
        else if (named.size === 0 && batch.length > 1) queue.unshift(batch.slice(0, Math.ceil(batch.length / 2)), batch.slice(Math.ceil(batch.length / 2)));
        else if (named.size === 0) fail({ companyId: batch[0]!.companyId, code: 'crm.invalid_value', message, final: true });
      };
      const writeBatch = async (batch: CompanyUpdate[]): Promise<void> => {
        try {
          const outcome = await send(batch);
          await accept(outcome);
          for (const refusal of outcome.refused) {
            // A rule or a bad value refuses the same values again: those wait for the next run.
            if (refusal.final || batch.length === 1) {
              fail(refusal);
              continue;
            }
            const alone = await send([batch.find((u) => u.companyId === refusal.companyId)!]);
            await accept(alone);
            alone.refused.forEach(fail);
          }
        } catch (error) {
          if (isHubSpotError(error, 'crm.bad_request')) refusedWhole(batch, error.body, error.message);
          else if (isHubSpotError(error)) report.stoppedBy ??= error.code;
          else throw error;
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

/** Per kw_calculated_at stamp sent, the window of HubSpot's updatedAt for the records it accepted. */
function writeSets(batch: readonly CompanyUpdate[], done: ReadonlyMap<string, string | undefined>): WriteSet[] {
  const sets: WriteSet[] = [];
  for (const update of batch) {
    const stamp = Date.parse(update.values[TIMESTAMP_PROPERTY] ?? '');
    const at = Date.parse(done.get(update.companyId) ?? '');
    if (Number.isFinite(stamp) && Number.isFinite(at)) sets.push({ stamp, from: at, to: at, count: 1 });
  }
  return mergeSets(sets);
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
