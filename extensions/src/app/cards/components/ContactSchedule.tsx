// The contact schedule of the segment: each touchpoint (who, which layer, channel, how often),
// the last matching contact, the next due date, and overdue ones in red. With tasks on, each
// touchpoint's open task in the rep's task list (due date, owner, a link that opens it in
// HubSpot), or a "Create task now" button.
import { Alert, Button, Flex, Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import { CrmActionLink } from '@hubspot/ui-extensions/crm';
import type { ApiError } from '../api/client.ts';
import type { ContactStatus, Touchpoint, TouchpointTask } from '../api/types.ts';
import type { I18n } from '../i18n/i18n.ts';

function humanize(code: string): string {
  const words = code.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function touchpointText(touchpoint: Touchpoint, i18n: I18n): string {
  const s = i18n.t.schedule;
  const who = s.who[touchpoint.who] ?? humanize(touchpoint.who);
  const channel = s.channels[touchpoint.channel] ?? touchpoint.channel;
  const layer = s.layers[touchpoint.layer] ?? touchpoint.layer.replace(/_/g, ' ');
  return `${who} · ${channel} · ${layer} · ${s.every(touchpoint.everyDays)}`;
}

/** The card's tasks part: the tasks per touchpoint, and what "Create task now" needs. */
export interface ScheduleTasks {
  /** one per contact, same order (the card API's `tasks`) */
  touchpoints: TouchpointTask[];
  /** the company record the tasks are associated with (to open a task from it) */
  companyId: number | string;
  /** the touchpoint whose task is being created */
  creating: string | null;
  disabled: boolean;
  error: ApiError | null;
  onCreate: (key: string) => void;
}

/** A task's due day: the date as the CRM keeps it, shown in the user's format (noon UTC, so no zone moves the day). */
const dueDay = (date: string) => Date.parse(`${date}T12:00:00Z`);

function TaskCell({ entry, tasks, i18n }: { entry: TouchpointTask | undefined; tasks: ScheduleTasks; i18n: I18n }) {
  const { t, format } = i18n;
  if (!entry) return null;
  const task = entry.task;
  if (task?.status === 'pending' || (task && task.crmId === null)) return <Text variant="microcopy">{t.schedule.taskPending}</Text>;
  if (task) {
    const owner = task.owner === null ? null : (task.owner.name ?? task.owner.id);
    return (
      <Flex direction="column" gap="flush">
        <Text testId={`task-${entry.key}`}>{t.schedule.taskDue(format.date(dueDay(task.dueDate)), owner)}</Text>
        <CrmActionLink
          actionType="ENGAGEMENT_APP_LINK"
          actionContext={{ objectTypeId: '0-2', objectId: tasks.companyId, engagementId: task.crmId! }}
        >
          {t.schedule.openTask}
        </CrmActionLink>
      </Flex>
    );
  }
  const busy = tasks.creating === entry.key;
  return (
    <Button testId={`create-task-${entry.key}`} size="xs" variant="secondary" disabled={busy || tasks.disabled} onClick={() => tasks.onCreate(entry.key)}>
      {busy ? t.schedule.creatingTask : t.schedule.createTask}
    </Button>
  );
}

export function ContactSchedule({ contacts, tasks, i18n }: { contacts: ContactStatus[]; tasks?: ScheduleTasks | undefined; i18n: I18n }) {
  const { t, format } = i18n;
  return (
    <Flex direction="column" gap="xs">
      <Heading>{t.schedule.heading}</Heading>
      {contacts.length === 0 ? (
        <Text>{t.schedule.none}</Text>
      ) : (
        <Table testId="contact-schedule" density="condensed">
          <TableHead>
            <TableRow>
              <TableHeader>{t.schedule.touchpoint}</TableHeader>
              <TableHeader>{t.schedule.lastContact}</TableHeader>
              <TableHeader>{t.schedule.nextDue}</TableHeader>
              <TableHeader>{t.schedule.status}</TableHeader>
              {tasks && <TableHeader>{t.schedule.task}</TableHeader>}
            </TableRow>
          </TableHead>
          <TableBody>
            {contacts.map((contact, i) => (
              <TableRow key={`${contact.touchpoint.name}-${contact.touchpoint.who}-${contact.touchpoint.channel}`}>
                <TableCell>
                  <Text format={{ fontWeight: 'demibold' }}>{contact.touchpoint.name}</Text>
                  <Text variant="microcopy">{touchpointText(contact.touchpoint, i18n)}</Text>
                </TableCell>
                <TableCell>{contact.lastContact === null ? t.schedule.never : format.date(contact.lastContact)}</TableCell>
                <TableCell>{format.date(contact.nextDue)}</TableCell>
                <TableCell>
                  {contact.overdue ? <Tag variant="error">{t.schedule.overdue(contact.daysOverdue)}</Tag> : <Tag variant="success">{t.schedule.onTrack}</Tag>}
                </TableCell>
                {tasks && (
                  <TableCell>
                    <TaskCell entry={tasks.touchpoints[i]} tasks={tasks} i18n={i18n} />
                  </TableCell>
                )}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {tasks?.error && (
        <Alert testId="task-error" variant="danger" title={t.schedule.taskFailedTitle}>
          <Text>{t.errors.kinds[tasks.error.kind]}</Text>
          <Text variant="microcopy">{t.errors.detail(tasks.error.code, tasks.error.message)}</Text>
        </Alert>
      )}
    </Flex>
  );
}
