// Completing blocked workflow action executions through HubSpot's callback API, with the
// portal's own client (so its token and rate limit apply).
import { AppError } from '../../../../app/errors.ts';
import type { TenantId } from '../../../../app/ports/store.port.ts';
import type { ActionCallbacks } from '../../../../app/workflow-action.ts';
import type { HubSpotClient } from '../client/hubspot.client.ts';
import { HUBSPOT_PATHS } from '../client/hubspot.paths.ts';
import { anyBody } from '../client/hubspot.schemas.ts';

export function createHubSpotActionCallbacks(options: { clientFor: (tenant: TenantId) => HubSpotClient | null }): ActionCallbacks {
  return {
    async complete(tenant, callbackId, outputs) {
      const client = options.clientFor(tenant);
      if (!client) throw new AppError('crm.not_connected', `No HubSpot connection for ${tenant}.`);
      await client.send({ method: 'POST', path: HUBSPOT_PATHS.actionCallbackComplete(callbackId), body: { outputFields: outputs } }, anyBody);
    },
  };
}
