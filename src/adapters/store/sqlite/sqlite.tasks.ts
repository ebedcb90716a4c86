// The contact-schedule tasks in the SQLite store.
import type { SQLInputValue } from 'node:sqlite';
import type { Store } from '../../../app/ports/store.port.ts';
import { storedText } from '../stored-text.ts';
import { CURRENT_ONLY, TASK_COLUMNS, TASK_UPDATE, taskCells, taskFromRow } from '../task.rows.ts';
import { idList, type Sqlite } from './sqlite.db.ts';

type TaskMethods = Pick<Store, 'listTasks' | 'saveTasks' | 'deleteTasks'>;

const COLUMNS = TASK_COLUMNS.map((c) => `t.${c}`).join(', ');

export function sqliteTasks(sql: Sqlite): TaskMethods {
  return {
    async listTasks(tenant, filter = {}) {
      const where = ['t.tenant = ?'];
      const params: SQLInputValue[] = [tenant];
      if (filter.companyIds) {
        where.push('t.company_id IN (SELECT value FROM json_each(?))');
        params.push(idList(new Set(filter.companyIds)));
      }
      if (filter.status) {
        where.push('t.status = ?');
        params.push(filter.status);
      }
      if (filter.current) where.push(CURRENT_ONLY);
      return sql.rows(`SELECT ${COLUMNS} FROM contact_tasks t WHERE ${where.join(' AND ')} ORDER BY t.created_at, t.marker`, ...params).map(taskFromRow);
    },

    async saveTasks(tenant, tasks) {
      if (tasks.length === 0) return;
      sql.write(() => {
        const save = sql.statement(`INSERT INTO contact_tasks (tenant, ${TASK_COLUMNS.join(', ')}) VALUES (?${', ?'.repeat(TASK_COLUMNS.length)})
          ON CONFLICT (tenant, marker) DO UPDATE SET ${TASK_UPDATE}`);
        for (const task of tasks) save.run(tenant, ...taskCells(task));
      });
    },

    async deleteTasks(tenant, markers) {
      if (markers.length === 0) return;
      sql.statement('DELETE FROM contact_tasks WHERE tenant = ? AND marker IN (SELECT value FROM json_each(?))').run(tenant, idList(new Set(markers.map(storedText))));
    },
  };
}
