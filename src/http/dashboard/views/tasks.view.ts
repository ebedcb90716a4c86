// The contact discipline's tasks: per owner the contact-schedule tasks Klantwaarde keeps in the
// CRM — open, late (past their due date) and completed — shown once tasks have been made.
import type { OwnerNames } from '../../../app/owner-names.ts';
import type { OwnerTaskCounts } from '../../../domain/contact-tasks.ts';
import { NO_OWNER } from '../customer-list.ts';
import { html, type Html } from './html.ts';
import { scrolling } from './layout.ts';
import type { Words } from './messages.ts';
import { shownOwner } from './owner-label.ts';

export function taskSection(tasks: readonly OwnerTaskCounts[], names: OwnerNames, windowMonths: number, link: (path: string, params?: Record<string, string>) => string, { t, f }: Words): Html {
  if (tasks.length === 0) return html``;
  const w = t.overview.tasks;
  return html`<section id="tasks">
    <h2>${w.heading}</h2>
    <p class="hint">${w.hint(windowMonths)}</p>
    ${scrolling(html`<table class="figures" id="task-table">
      <thead><tr><th>${w.owner}</th><th>${w.open}</th><th>${w.late}</th><th>${w.completed}</th></tr></thead>
      <tbody>${tasks.map(
        (o) => html`<tr>
          <th>${o.ownerId === null ? shownOwner(names, NO_OWNER, t) : html`<a href="${link('/customers', { owner: o.ownerId })}">${shownOwner(names, o.ownerId, t)}</a>`}</th>
          <td class="num">${f.count(o.open)}</td><td class="num${o.late > 0 ? ' overdue' : ''}">${f.count(o.late)}</td><td class="num">${f.count(o.completed)}</td>
        </tr>`,
      )}</tbody>
    </table>`)}
  </section>`;
}
