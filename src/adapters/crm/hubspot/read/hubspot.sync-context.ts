// What every sync step shares (pages are built with ../page-builder.ts).
export { PageBuilder } from '../../page-builder.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import type { Logger } from '../../../../app/ports/logger.port.ts';
import type { RoleMapping } from './hubspot.mapper.ts';
import type { RelationTypeIds } from './hubspot.relations.ts';
import type { EchoLog } from '../write/hubspot.echo-log.ts';
import type { HandedOverTracker } from './hubspot.handed-over.ts';

export interface SyncContext {
  client: HubSpotClient;
  roles: RoleMapping;
  visitTypes?: readonly string[];
  pageSize: number;
  log: Logger;
  /** The referral/influence association type ids, read once when first needed. */
  relationTypes(): Promise<RelationTypeIds>;
  /** Our own recent writes: a company that changed only by them is not read again. */
  echoes?: EchoLog;
  /** Records handed over close to the marks: the previous pull's (skipped when unchanged) and this one's. */
  handedOver: HandedOverTracker;
  /** Survey responses that average into satisfaction: their types and the window; none read when absent. */
  surveys?: SurveyWindow;
  /** Set once a pull has warned that survey responses cannot be read. */
  surveyScopeWarned?: boolean;
  /** Records left out because no company is associated with them (not an error: counted). */
  unassociated: Record<string, number>;
}

export interface SurveyWindow {
  /** hs_survey_type values that count (e.g. NPS). */
  types: readonly string[];
  /** Responses submitted after start and at or before end count (epoch ms). */
  start: number;
  end: number;
}

export function countUnassociated(context: SyncContext, object: string, count = 1): void {
  context.unassociated[object] = (context.unassociated[object] ?? 0) + count;
}
