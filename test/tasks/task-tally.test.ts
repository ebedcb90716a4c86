// /metrics counts what the task calls did, per tenant and action: the connection handed out
// to the runs is wrapped, so every run (scheduler, webhooks, card, CLI) is counted alike.
import { describe, expect, it } from 'vitest';
import type { CrmTasks, TaskWriteReport } from '../../src/app/ports/crm.port.ts';
import { createTaskTally } from '../../src/composition/task-tally.ts';

/** A tasks connection that accepts all but the ids it is told to refuse. */
function crmRefusing(tenant: string, refused: string[]): CrmTasks {
  const answer = (ids: string[]): TaskWriteReport => ({ done: ids.filter((id) => !refused.includes(id)), failed: ids.filter((id) => refused.includes(id)).map((id) => ({ id, code: 'crm.invalid_value', message: 'refused' })), stoppedBy: null });
  return {
    tenant,
    findOpen: async () => [],
    findByMarkers: async () => [],
    states: async (ids) => ids.map((crmId, i) => ({ crmId, state: i === 0 ? 'closed' : i === 1 ? 'gone' : 'open', body: null })),
    create: async (drafts, onCreated) => {
      await onCreated(drafts.filter((d) => !refused.includes(d.marker)).map((d) => ({ marker: d.marker, crmId: `t-${d.marker}` })));
      return answer(drafts.map((d) => d.marker));
    },
    move: async (changes) => answer(changes.map((c) => c.crmId)),
    complete: async (closes) => answer(closes.map((c) => c.crmId)),
    remove: async (ids) => answer([...ids]),
  };
}

describe('the task tally', () => {
  it('counts created, moved, completed, removed, closed by hand and failed per tenant', async () => {
    const tally = createTaskTally();
    const a = tally.counted(crmRefusing('hubspot:1', ['m3', 'x2']));
    const b = tally.counted(crmRefusing('salesforce:00D1', []));
    const draft = (marker: string) => ({ marker, companyId: 'c', touchpointKey: 'k', dueDate: '2026-12-01', dueAt: 0, basis: null, ownerId: null, subject: 's', body: [], overdue: false });
    await a.create(['m1', 'm2', 'm3'].map(draft), async () => {});
    await a.states(['x1', 'x2', 'x3']);
    await a.move([{ crmId: 'x1', dueDate: '2026-12-02', dueAt: 0, subject: 's' }]);
    await a.complete([{ crmId: 'x2', body: null, note: 'n' }]);
    await a.remove(['x3']);
    await b.create([draft('m9')], async () => {});
    expect(tally.totals()).toEqual(new Map([
      ['hubspot:1', { created: 2, failed: 2, closed_by_hand: 2, moved: 1, removed: 1 }],
      ['salesforce:00D1', { created: 1 }],
    ]));
  });
});
