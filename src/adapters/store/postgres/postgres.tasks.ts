// The contact-schedule tasks in the PostgreSQL store.
import type { Pool } from 'pg';
import type { Store } from '../../../app/ports/store.port.ts';
import { storedIds } from '../stored-text.ts';
import { CURRENT_ONLY, TASK_COLUMNS, TASK_UPDATE, taskCells, taskFromRow } from '../task.rows.ts';
import { rows, transaction } from './pg.client.ts';

type TaskMethods = Pick<Store, 'listTasks' | 'saveTasks' | 'deleteTasks'>;

const COLUMNS = TASK_COLUMNS.map((c) => `t.${c}`).join(', ');

export function postgresTasks(pool: Pool): TaskMethods {
  return {
    async listTasks(tenant, filter = {}) {
      const where = ['t.tenant = $1'];
      const params: unknown[] = [tenant];
      if (filter.companyIds) {
        params.push([...new Set(filter.companyIds)]);
        where.push(`t.company_id = ANY($${params.length}::text[])`);
      }
      if (filter.status) {
        params.push(filter.status);
        where.push(`t.status = $${params.length}`);
      }
      if (filter.current) where.push(CURRENT_ONLY);
      return (await rows(pool, `SELECT ${COLUMNS} FROM contact_tasks t WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.marker`, params)).map(taskFromRow);
    },

    async saveTasks(tenant, tasks) {
      if (tasks.length === 0) return;
      const placeholders = TASK_COLUMNS.map((_, i) => `$${i + 2}`).join(', ');
      await transaction(pool, async (client) => {
        for (const task of tasks) {
          await client.query(
            `INSERT INTO contact_tasks (tenant, ${TASK_COLUMNS.join(', ')}) VALUES ($1, ${placeholders}) ON CONFLICT (tenant, marker) DO UPDATE SET ${TASK_UPDATE}`,
            [tenant, ...taskCells(task)],
          );
        }
      });
    },

    async deleteTasks(tenant, markers) {
      if (markers.length === 0) return;
      await pool.query('DELETE FROM contact_tasks WHERE tenant = $1 AND marker = ANY($2::text[])', [tenant, storedIds(markers)]);
    },
  };
}
