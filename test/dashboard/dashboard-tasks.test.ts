// The dashboard's contact discipline with contact-schedule tasks: per owner the open, late and
// completed tasks, as of the latest run (nothing shown while no task was made).
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recomputeAll } from '../../src/app/recompute.ts';
import { addRunCounts } from '../../src/app/write-back.ts';
import type { KnownTask } from '../../src/domain/contact-tasks.ts';
import { AS_OF, samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

const DAY = 86_400_000;
let portal: SamplePortal;
let app: ReturnType<SamplePortal['app']>;

beforeAll(async () => {
  portal = await samplePortal();
  app = portal.app({ mode: 'local' });
});
afterAll(async () => {
  await portal?.close();
});

const task = (marker: string, ownerId: string | null, status: KnownTask['status'], dueDate: string, closedAt: number | null = null): KnownTask => ({
  marker, companyId: 'c-000001', touchpointKey: `visit/account_manager/operational/${marker}`, crmId: `t-${marker}`, dueDate, basis: null, ownerId,
  subject: 'Account visit — A customer, every 30 days', status, createdAt: AS_OF - 40 * DAY, closedAt, note: null,
});

// Steps of one story on one portal, in this order (kept so under --sequence.shuffle).
describe('contact-schedule tasks on the dashboard', { shuffle: false }, () => {
  it('shows nothing about tasks while none were made', async () => {
    const page = await request(app).get('/');
    expect(page.text).not.toContain('id="task-table"');
    expect((await request(app).get('/dashboard/api/overview')).body.tasks).toEqual([]);
  });

  it('counts open, late and completed tasks per owner, as of the latest run', async () => {
    const [owner] = (await portal.store.latestResults(TENANT)).flatMap((r) => (r.ownerId ? [r.ownerId] : []));
    await portal.store.saveTasks(TENANT, [
      task('a', owner!, 'open', '2026-10-20'),
      task('b', owner!, 'open', '2026-11-05'),
      task('c', owner!, 'completed', '2026-10-01', AS_OF - 5 * DAY),
      task('d', owner!, 'closed_by_hand', '2026-09-01', AS_OF - 3 * DAY),
      task('e', owner!, 'removed', '2026-10-01', AS_OF - 2 * DAY),
      task('f', null, 'open', '2026-10-31'),
    ]);
    // A new run: the dashboard reads its figures afresh.
    portal.clock.now = AS_OF + 1000;
    const run = await recomputeAll(portal.recompute, TENANT, { onResults: () => undefined });
    await addRunCounts(portal.store, run.run!, { tasks_created: 3, tasks_completed: 1, tasks_moved: 0 });
    const overview = (await request(app).get('/dashboard/api/overview')).body;
    expect(overview.tasks).toEqual([
      { ownerId: owner, open: 2, late: 1, completed: 2 },
      { ownerId: null, open: 1, late: 1, completed: 0 },
    ]);
    const page = (await request(app).get('/')).text;
    const table = page.slice(page.indexOf('id="task-table"'), page.indexOf('</table>', page.indexOf('id="task-table"')));
    expect(table).toContain('<th>Open</th><th>Late</th><th>Completed</th>');
    expect(table).toMatch(/<td class="num">2<\/td><td class="num overdue">1<\/td><td class="num">2<\/td>/);
    expect(table).toContain('(no owner)');
    expect(page.slice(page.indexOf('id="run-counts"'), page.indexOf('</span></p>', page.indexOf('id="run-counts"')))).toContain('3 tasks created</span> · <span class="count">1 task completed');
    // In Dutch, with the run's task counts in words in the run status.
    const dutch = (await request(app).get('/').query({ lang: 'nl' })).text;
    expect(dutch).toContain('<h2>Taken uit het contactschema</h2>');
    expect(dutch).toContain('<th>Eigenaar</th><th>Open</th><th>Te laat</th><th>Afgerond</th>');
    expect(dutch).toContain('(geen eigenaar)');
    expect(dutch).toContain('3 taken aangemaakt');
  });
});
