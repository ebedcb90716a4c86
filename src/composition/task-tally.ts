// What the contact-schedule task calls did, counted per tenant and action since the process
// started (GET /metrics shows them): each tasks connection handed out is wrapped to count.
import type { CrmTasks } from '../app/ports/crm.port.ts';
import type { TenantId } from '../app/ports/store.port.ts';

/** created, moved, completed, removed, closed_by_hand (found closed in the CRM), failed. */
export type TaskAction = 'created' | 'moved' | 'completed' | 'removed' | 'closed_by_hand' | 'failed';

export interface TaskTally {
  counted(tasks: CrmTasks): CrmTasks;
  totals(): Map<TenantId, Partial<Record<TaskAction, number>>>;
}

export function createTaskTally(): TaskTally {
  const totals = new Map<TenantId, Partial<Record<TaskAction, number>>>();
  const add = (tenant: TenantId, action: TaskAction, n: number) => {
    if (n === 0) return;
    const byAction = totals.get(tenant) ?? {};
    byAction[action] = (byAction[action] ?? 0) + n;
    totals.set(tenant, byAction);
  };
  return {
    counted(tasks) {
      const { tenant } = tasks;
      const written = <A extends unknown[]>(action: TaskAction, call: (...args: A) => ReturnType<CrmTasks['move']>) =>
        async (...args: A) => {
          const report = await call(...args);
          add(tenant, action, report.done.length);
          add(tenant, 'failed', report.failed.length);
          return report;
        };
      return {
        tenant,
        findOpen: () => tasks.findOpen(),
        findByMarkers: (markers) => tasks.findByMarkers(markers),
        async states(crmIds) {
          const states = await tasks.states(crmIds);
          add(tenant, 'closed_by_hand', states.filter((s) => s.state !== 'open').length);
          return states;
        },
        create: written('created', (drafts: Parameters<CrmTasks['create']>[0], onCreated: Parameters<CrmTasks['create']>[1]) => tasks.create(drafts, onCreated)),
        move: written('moved', (changes: Parameters<CrmTasks['move']>[0]) => tasks.move(changes)),
        complete: written('completed', (closes: Parameters<CrmTasks['complete']>[0]) => tasks.complete(closes)),
        remove: written('removed', (crmIds: Parameters<CrmTasks['remove']>[0]) => tasks.remove(crmIds)),
      };
    },
    totals: () => new Map([...totals].map(([tenant, byAction]) => [tenant, { ...byAction }])),
  };
}
