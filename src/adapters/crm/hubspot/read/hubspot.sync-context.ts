// What every sync step shares (pages are built with ../page-builder.ts).
export { PageBuilder } from '../../page-builder.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import type { Logger } from '../../../../app/ports/logger.port.ts';
import type { RoleMapping } from './hubspot.mapper.ts';
import type { RelationTypeIds } from './hubspot.relations.ts';

export interface SyncContext {
  client: HubSpotClient;
  roles: RoleMapping;
  visitTypes?: readonly string[];
  pageSize: number;
  log: Logger;
  relationTypes: RelationTypeIds;
  /** Records left out because no company is associated with them (not an error: counted). */
  unassociated: Record<string, number>;
}

export function countUnassociated(context: SyncContext, object: string, count = 1): void {
  context.unassociated[object] = (context.unassociated[object] ?? 0) + count;
}
