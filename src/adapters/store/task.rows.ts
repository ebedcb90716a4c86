// Contact-schedule task rows as both adapters write and select them (array rows, same column order).
import type { KnownTask } from '../../domain/contact-tasks.ts';
import { storeCellsFrom } from './stored-text.ts';

export const TASK_COLUMNS = ['marker', 'company_id', 'touchpoint_key', 'crm_id', 'due_date', 'basis', 'owner_id', 'subject', 'status', 'created_at', 'closed_at', 'note'] as const;

/** The columns a save overwrites: all but the key. */
export const TASK_UPDATE = TASK_COLUMNS.filter((c) => c !== 'marker')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/**
 * The filter of Store.listTasks, as SQL over `t`: `current` keeps the pending and open tasks
 * and the newest of each (company, touchpoint).
 */
export const CURRENT_ONLY = `(t.status IN ('pending', 'open') OR t.created_at = (SELECT max(u.created_at) FROM contact_tasks u
  WHERE u.tenant = t.tenant AND u.company_id = t.company_id AND u.touchpoint_key = t.touchpoint_key))`;

export function taskCells(t: KnownTask): (string | number | null)[] {
  const cells = [t.marker, t.companyId, t.touchpointKey, t.crmId, t.dueDate, t.basis, t.ownerId, t.subject, t.status, t.createdAt, t.closedAt, t.note];
  storeCellsFrom(cells, 0);
  return cells;
}

export function taskFromRow(r: readonly unknown[]): KnownTask {
  return {
    marker: r[0] as string,
    companyId: r[1] as string,
    touchpointKey: r[2] as string,
    crmId: (r[3] as string | null) ?? null,
    dueDate: r[4] as string,
    basis: (r[5] as number | null) ?? null,
    ownerId: (r[6] as string | null) ?? null,
    subject: r[7] as string,
    status: r[8] as KnownTask['status'],
    createdAt: r[9] as number,
    closedAt: (r[10] as number | null) ?? null,
    note: (r[11] as string | null) ?? null,
  };
}
