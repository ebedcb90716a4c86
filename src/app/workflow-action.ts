// Use case: the workflow action "Recalculate customer value". The enrolled company is refreshed
// and recomputed within a time budget; its figures go back as output fields (SUCCESS). Work that
// cannot finish in time answers BLOCK and completes later through the CRM's callback; a failure
// answers FAIL_CONTINUE with a readable reason, so the workflow goes on.
import { resultProperties } from '../domain/crm-properties.ts';
import type { CompanyResult } from '../domain/results.ts';
import { AppError } from './errors.ts';
import type { Logger } from './ports/logger.port.ts';
import { noMetrics, type Metrics } from './ports/metrics.port.ts';
import type { TenantId } from './ports/store.port.ts';

export type ExecutionState = 'SUCCESS' | 'FAIL_CONTINUE' | 'BLOCK';

export type ActionOutputs = Record<string, string | number> & { hs_execution_state: ExecutionState };

/** Completes a blocked action execution in the CRM (HubSpot: the workflow action callback API). */
export interface ActionCallbacks {
  complete(tenant: TenantId, callbackId: string, outputs: ActionOutputs): Promise<void>;
}

export interface WorkflowActionDeps {
  /** Refreshes and recomputes one company; answers its result (AppError company.not_found when it is gone). */
  recalculate(tenant: TenantId, companyId: string): Promise<CompanyResult>;
  callbacks: ActionCallbacks;
  /** How long the request may take before it answers BLOCK (HubSpot waits a few seconds at most). */
  budgetMs?: number;
  /** How long HubSpot keeps a blocked execution waiting for the callback (ISO 8601 duration). */
  blockFor?: string;
  now: () => number;
  log: Logger;
  metrics?: Metrics;
}

export interface ActionRequest {
  tenant: TenantId;
  companyId: string;
  callbackId: string;
}

export interface WorkflowActions {
  recalculate(request: ActionRequest): Promise<ActionOutputs>;
  /** Waits for the callbacks of blocked executions still running (shutdown, tests). */
  drain(): Promise<void>;
}

export function outputsOf(result: CompanyResult, calculatedAt: number): ActionOutputs {
  const p = resultProperties(result, calculatedAt);
  // A company without revenue has no segment and maybe no schedule: those outputs stay unset.
  return {
    ...(p.segment ? { segment: p.segment } : {}),
    total_value: Number(p.total_value),
    net_contribution: Number(p.net_contribution_12m),
    ...(p.next_contact_date ? { next_contact_date: p.next_contact_date } : {}),
    hs_execution_state: 'SUCCESS',
  };
}

export function failureOf(error: unknown): ActionOutputs {
  const code = error instanceof AppError ? error.code : 'internal';
  const message = error instanceof AppError ? error.message : 'Klantwaarde could not recalculate this company; the error has been logged.';
  return { hs_execution_state: 'FAIL_CONTINUE', errorCode: code, errorMessage: message };
}

export function createWorkflowActions(deps: WorkflowActionDeps): WorkflowActions {
  const budgetMs = deps.budgetMs ?? 3_000;
  const metrics = deps.metrics ?? noMetrics;
  const pending = new Set<Promise<void>>();

  return {
    async recalculate(request) {
      const { tenant, companyId, callbackId } = request;
      const work: Promise<ActionOutputs> = deps.recalculate(tenant, companyId).then(
        (result) => outputsOf(result, deps.now()),
        (error: unknown) => {
          deps.log[error instanceof AppError ? 'warn' : 'error']({ tenant, companyId, callbackId, err: error }, 'workflow recalculation failed');
          return failureOf(error);
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budgetMs)));
      const first = await Promise.race([work, late]);
      clearTimeout(timer);
      if (first) {
        metrics.workflowAction(first.hs_execution_state);
        return first;
      }

      const completion = work
        .then(async (outputs) => {
          await deps.callbacks.complete(tenant, callbackId, outputs);
          metrics.workflowAction(`${outputs.hs_execution_state}_CALLBACK`);
          deps.log.info({ tenant, companyId, callbackId, state: outputs.hs_execution_state }, 'blocked workflow action completed');
        })
        .catch((err: unknown) => deps.log.error({ tenant, companyId, callbackId, err }, 'completing a blocked workflow action failed; HubSpot lets it expire'))
        .finally(() => pending.delete(completion));
      pending.add(completion);
      metrics.workflowAction('BLOCK');
      return { hs_execution_state: 'BLOCK', hs_expiration_duration: deps.blockFor ?? 'P1D' };
    },
    async drain() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
