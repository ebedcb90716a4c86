// The contact schedule's tasks on the card (tasks.enabled): each touchpoint's open task with its
// due date, owner and a link that opens it in HubSpot, or "Create task now" — a signed POST to
// the card API — with the new task shown and an alert once the backend made it.
import { afterEach, describe, expect, it } from 'vitest';
import { Alert, Button, Statistics, Table, TableBody, TableHead, TableRow, Text } from '@hubspot/ui-extensions';
import { CrmActionLink } from '@hubspot/ui-extensions/crm';
import type { CardResponse } from '../api/types.ts';
import { BACKEND, deferred, errorResponse, fire, fixtures, jsonResponse, renderCard, stubFetch, textOf } from './support.tsx';

afterEach(() => {
  stubFetch().mockRestore();
});

const MEETING = 'meeting/management/decision/management meeting';
const VISIT = 'visit/account_manager/operational/account visit';

async function loaded(body: CardResponse, locale = 'en-US') {
  const fetch = stubFetch().mockResolvedValueOnce(jsonResponse(200, body));
  const card = renderCard({ locale, objectId: 1001 });
  await card.waitFor(() => expect(card.maybeFind(Statistics)).not.toBeNull());
  return { card, fetch };
}

const taskCells = (card: ReturnType<typeof renderCard>) => card.findByTestId(Table, 'contact-schedule').find(TableBody).findAll(TableRow).map((row) => row.childNodes.at(-1));

describe('the contact schedule with tasks on', () => {
  it('shows the open task with its due date and owner, and a link that opens it in HubSpot', async () => {
    const { card } = await loaded(fixtures.aCustomerTasks());
    expect(textOf(card.findByTestId(Table, 'contact-schedule').find(TableHead))).toContain('Task');
    const task = card.findByTestId(Text, `task-${MEETING}`);
    expect(task.text).toBe('Due Dec 3, 2026 · Sanne de Wit');
    const link = card.find(CrmActionLink);
    expect(link.props.actionType).toBe('ENGAGEMENT_APP_LINK');
    expect(link.props.actionContext).toEqual({ objectTypeId: '0-2', objectId: 1001, engagementId: '90000000001' });
    expect(link.text).toBe('Open task');
    // The touchpoints without a task offer to make one.
    expect(card.findAll(Button).filter((b) => b.props.testId?.startsWith('create-task-')).map((b) => [b.props.testId, b.text])).toEqual([
      [`create-task-${VISIT}`, 'Create task now'],
      ['create-task-meeting/customer_service/operational/process review', 'Create task now'],
    ]);
  });

  it('words it in Dutch', async () => {
    const { card } = await loaded(fixtures.aCustomerTasks(), 'nl-NL');
    expect(card.findByTestId(Text, `task-${MEETING}`).text).toBe('Uiterlijk 3 dec 2026 · Sanne de Wit');
    expect(card.find(CrmActionLink).text).toBe('Taak openen');
    expect(card.findByTestId(Button, `create-task-${VISIT}`).text).toBe('Nu taak maken');
  });

  it('creates a task now: a POST with the touchpoint, then the new task shown and an alert', async () => {
    const { card, fetch } = await loaded(fixtures.aCustomerTasks());
    const answer = deferred<Response>();
    fetch.mockReturnValueOnce(answer.promise);
    fire(card.findByTestId(Button, `create-task-${VISIT}`), 'onClick');
    expect(fetch).toHaveBeenLastCalledWith(`${BACKEND}/api/companies/1001/tasks`, { method: 'POST', body: { touchpoint: VISIT }, timeout: 15000 });
    await card.waitFor(() => expect(card.findByTestId(Button, `create-task-${VISIT}`).text).toBe('Creating task…'));
    expect(card.findAll(Button).filter((b) => b.props.testId?.startsWith('create-task-')).every((b) => b.props.disabled)).toBe(true);

    const after = fixtures.aCustomerTasks();
    after.tasks![0] = { key: VISIT, task: { crmId: '90000000002', dueDate: '2026-12-10', subject: 'Account visit — A customer, every 30 days', status: 'open', owner: { id: '501', name: 'Sanne de Wit' } } };
    answer.resolve(jsonResponse(200, after));
    await card.waitFor(() => expect(card.findByTestId(Text, `task-${VISIT}`).text).toBe('Due Dec 10, 2026 · Sanne de Wit'));
    expect(card.findAll(CrmActionLink)).toHaveLength(2);
    expect(card.mocks.actions.addAlert.calls).toEqual([[{ type: 'success', message: 'Task created in the task list.' }]]);
    expect(card.mocks.actions.refreshObjectProperties.callCount).toBe(1);
  });

  it('says why a task could not be made, and keeps the button', async () => {
    const { card, fetch } = await loaded(fixtures.aCustomerTasks());
    fetch.mockResolvedValueOnce(errorResponse(409, 'task.already_open', 'Company 1001 has an open task for visit/account_manager/operational/account visit already.'));
    fire(card.findByTestId(Button, `create-task-${VISIT}`), 'onClick');
    await card.waitFor(() => expect(card.maybeFindByTestId(Alert, 'task-error')).not.toBeNull());
    const alert = card.findByTestId(Alert, 'task-error');
    expect(alert.props.title).toBe('The task could not be created');
    expect(textOf(alert)).toContain('task.already_open');
    expect(card.findByTestId(Button, `create-task-${VISIT}`).props.disabled).toBe(false);
  });

  it('shows no task column when tasks are off', async () => {
    const { card } = await loaded({ ...fixtures.aCustomerTasks(), tasks: undefined } as CardResponse);
    expect(textOf(card.findByTestId(Table, 'contact-schedule').find(TableHead))).not.toContain('Task');
    expect(card.maybeFind(CrmActionLink)).toBeNull();
    expect(taskCells(card).every((cell) => !textOf(cell).includes('Create task now'))).toBe(true);
  });
});
