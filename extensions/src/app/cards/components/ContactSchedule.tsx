// The contact schedule of the segment: each touchpoint (who, which layer, channel, how often),
// the last matching contact, the next due date, and overdue ones in red.
import { Flex, Heading, Table, TableBody, TableCell, TableHead, TableHeader, TableRow, Tag, Text } from '@hubspot/ui-extensions';
import type { ContactStatus, Touchpoint } from '../api/types.ts';
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

export function ContactSchedule({ contacts, i18n }: { contacts: ContactStatus[]; i18n: I18n }) {
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
            </TableRow>
          </TableHead>
          <TableBody>
            {contacts.map((contact) => (
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
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Flex>
  );
}
