// The HubSpot CrmSource: full and incremental pulls, and fresh copies of given companies.
import type { CrmSource, SyncPage } from '../../../../app/ports/crm.port.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import { decodeCheckpoint } from './hubspot.checkpoint.ts';
import { HandedOverTracker } from './hubspot.handed-over.ts';
import { readOwners } from './hubspot.owners.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { addCompaniesById } from './hubspot.company-children.ts';
import { fullSync } from './hubspot.full-sync.ts';
import { incrementalSync } from './hubspot.incremental-sync.ts';
import { silentLogger, type Logger } from '../../../../app/ports/logger.port.ts';
import type { RoleMapping } from './hubspot.mapper.ts';
import { HUBSPOT_LIMITS } from '../client/hubspot.paths.ts';
import { DEFAULT_RELATION_LABELS, readRelationTypeIds, type RelationLabels, type RelationTypeIds } from './hubspot.relations.ts';
import type { EchoLog } from '../write/hubspot.echo-log.ts';
import { PageBuilder, type SurveyWindow, type SyncContext } from './hubspot.sync-context.ts';
import { subtractMonths } from '../../../../domain/time.ts';

export interface HubSpotSourceOptions {
  client: HubSpotClient;
  tenant: TenantId;
  /** Owner id / team id → role for activity costs (config `roles`). */
  roles?: RoleMapping;
  /** Search page size (config hubspot.searchPageSize), at most 200. */
  pageSize?: number;
  /** Meeting types (hs_activity_type) that count as a visit. */
  visitTypes?: readonly string[];
  relationLabels?: RelationLabels;
  /** Re-read this much before the checkpoint: the search index lags a little behind edits. */
  overlapMs?: number;
  /** List archived records on incremental pulls to report deletions (on by default). */
  sweepArchived?: boolean;
  /** Object types read at the same time (calls in flight); 3 saturates the search limit at usual latencies. */
  concurrency?: number;
  /** The writer's record of our own writes: incremental pulls skip companies changed only by them. */
  echoes?: EchoLog;
  /**
   * Satisfaction from surveys: responses of these survey types (hs_survey_type, e.g. NPS) given
   * in the last `windowMonths` before `now`, averaged per company. Without it none are read.
   */
  surveys?: { types: readonly string[]; windowMonths: number; now: () => number };
  log?: Logger;
}

export interface HubSpotSource extends CrmSource {
  /** Per object type, the records of the last pull left out because no company is associated. */
  readonly unassociated: Readonly<Record<string, number>>;
}

function surveyWindow({ types, windowMonths, now }: NonNullable<HubSpotSourceOptions['surveys']>): SurveyWindow {
  const end = now();
  return { types: types.map((t) => t.trim().toUpperCase()), start: subtractMonths(end, windowMonths), end };
}

export function createHubSpotSource(options: HubSpotSourceOptions): HubSpotSource {
  const log = options.log ?? silentLogger;
  const pageSize = Math.min(options.pageSize ?? HUBSPOT_LIMITS.searchPage, HUBSPOT_LIMITS.searchPage);
  const overlapMs = options.overlapMs ?? 5 * 60_000;
  let unassociated: Record<string, number> = {};

  const context = (handedOver = new HandedOverTracker({}, overlapMs)): SyncContext => {
    unassociated = {};
    let relationTypes: Promise<RelationTypeIds> | undefined;
    return {
      client: options.client,
      roles: options.roles ?? {},
      ...(options.visitTypes ? { visitTypes: options.visitTypes } : {}),
      pageSize,
      log,
      // Read when a company's relations are first needed: an incremental pull without changed companies never asks.
      relationTypes: () => (relationTypes ??= readRelationTypeIds(options.client, options.relationLabels ?? DEFAULT_RELATION_LABELS)),
      ...(options.echoes ? { echoes: options.echoes } : {}),
      ...(options.surveys ? { surveys: surveyWindow(options.surveys) } : {}),
      handedOver,
      unassociated,
    };
  };

  async function* pull({ mode, checkpoint }: { mode: 'full' | 'incremental'; checkpoint: string | null }): AsyncGenerator<SyncPage> {
    const { marks, handedOver } = decodeCheckpoint(checkpoint);
    const full = mode === 'full' || Object.keys(marks).length === 0;
    const ctx = context(new HandedOverTracker(full ? {} : handedOver, overlapMs));
    log.info({ tenant: options.tenant, mode: full ? 'full' : 'incremental' }, 'hubspot pull started');
    const concurrency = options.concurrency ?? 3;
    if (full) {
      yield* fullSync(ctx, concurrency);
      // Owners change seldom: their names come along with each full pull (one or two calls).
      const owners = await readOwners(options.client, log);
      if (owners.length > 0) yield { changes: { owners }, skipped: [] };
    } else {
      yield* incrementalSync(ctx, marks, { overlapMs, sweepArchived: options.sweepArchived ?? true, concurrency });
    }
    if (Object.keys(unassociated).length > 0) log.info({ tenant: options.tenant, unassociated }, 'hubspot records without a company left out');
  }

  return {
    tenant: options.tenant,
    get unassociated() {
      return unassociated;
    },
    pull,
    async pullCompanies(companyIds) {
      const page = new PageBuilder();
      if (companyIds.length === 0) return page.page();
      await addCompaniesById(context(), companyIds, page);
      return page.page();
    },
  };
}
