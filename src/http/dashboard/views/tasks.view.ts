// The contact discipline's tasks: per owner the contact-schedule tasks Klantwaarde keeps in the
// CRM — open, late (past their due date) and completed — shown once tasks have been made.
import { ownerLabel, type OwnerNames } from '../../../app/owner-names.ts';
import type { OwnerTaskCounts } from '../../../domain/contact-tasks.ts';
import { NO_OWNER } from '../customer-list.ts';
import { count } from './format.ts';
import { html, type Html } from './html.ts';

export function taskSection(tasks: readonly OwnerTaskCounts[], names: OwnerNames, windowMonths: number, link: (path: string, params?: Record<string, string>) => string): Html {
  if (tasks.length === 0) return html``;
  return html`<section id="tasks">
    <h2>Contact-schedule tasks</h2>
    <p class="hint">The tasks in the reps' CRM task lists, one per due touchpoint: open, late (past the due date) and completed in the last ${count(windowMonths)} months.</p>
    <table class="figures" id="task-table">
      <thead><tr><th>Owner</th><th>Open</th><th>Late</th><th>Completed</th></tr></thead>
      <tbody>${tasks.map(
        (t) => html`<tr>
          <th>${t.ownerId === null ? NO_OWNER : html`<a href="${link('/customers', { owner: t.ownerId })}">${ownerLabel(names, t.ownerId)}</a>`}</th>
          <td>${count(t.open)}</td><td class="${t.late > 0 ? 'overdue' : ''}">${count(t.late)}</td><td>${count(t.completed)}</td>
        </tr>`,
      )}</tbody>
    </table>
  </section>`;
}
