// The words of a contact-schedule task as the rep reads it in the CRM (subject, body, the note
// on completion or removal), in the config's `locale`: English or Dutch. Touchpoints, roles and
// layers are worded by labels.ts, as on the dashboard; the sentences are here. Plain text, one
// fact a line; each CRM adapter lays the lines out its own way (HubSpot HTML, Salesforce text).
import { LABELS, roleLabel, touchpointLabel, type Language } from './labels.ts';
import type { Touchpoint } from './model-config.ts';
import type { Instant, Segment } from './records.ts';
import { isoDate } from './time.ts';

interface Words {
  /** The contact as a noun with its article ("the visit", "het bezoek"), per channel. */
  contact: Record<Touchpoint['channel'], string>;
  subject(name: string, segment: Segment, everyDays: number): string;
  why(touchpoint: string, segment: Segment, role: string, layer: string, everyDays: number): string;
  last(date: string | null): string;
  due(date: string, daysOverdue: number): string;
  howToClose(contact: string): string;
  completed(today: string, contact: string, on: string): string;
  noLongerCustomer: string;
  segmentChanged(segment: Segment): string;
  companyGone: string;
  duplicate: string;
}

const en: Words = {
  contact: { visit: 'the visit', meeting: 'the meeting', call: 'the call', email: 'the email' },
  subject: (name, segment, days) => `${name} — ${segment} customer, every ${days} days`,
  why: (touchpoint, segment, role, layer, days) => `Why: the contact schedule for ${segment} customers: ${touchpoint.toLowerCase()} every ${days} days (who: ${role}; with: ${layer}).`,
  last: (date) => (date ? `Last contact: ${date}.` : 'Last contact: none on record.'),
  due: (date, late) => (late > 0 ? `Due ${date}: ${late} ${late === 1 ? 'day' : 'days'} overdue.` : `Due ${date}.`),
  howToClose: (contact) => `Log ${contact} on this company when it has taken place: Klantwaarde then completes this task.`,
  completed: (today, contact, on) => `Completed by Klantwaarde on ${today}: ${contact} of ${on} is logged.`,
  noLongerCustomer: 'Removed by Klantwaarde: the company is no longer a customer in the window, so it has no contact schedule.',
  segmentChanged: (segment) => `Removed by Klantwaarde: the company is now a ${segment} customer, whose contact schedule has no such touchpoint.`,
  companyGone: 'Removed by Klantwaarde: the company is no longer in the CRM.',
  duplicate: 'Removed by Klantwaarde: a second open task for the same touchpoint.',
};

const nl: Words = {
  contact: { visit: 'het bezoek', meeting: 'de afspraak', call: 'het telefoongesprek', email: 'de e-mail' },
  subject: (name, segment, days) => `${name} — ${segment}-klant, elke ${days} dagen`,
  why: (touchpoint, segment, role, layer, days) => `Waarom: het contactschema voor ${segment}-klanten: ${touchpoint.toLowerCase()} elke ${days} dagen (wie: ${role}; met: ${layer}).`,
  last: (date) => (date ? `Laatste contact: ${date}.` : 'Laatste contact: niet vastgelegd.'),
  due: (date, late) => (late > 0 ? `Uiterlijk ${date}: ${late} ${late === 1 ? 'dag' : 'dagen'} te laat.` : `Uiterlijk ${date}.`),
  howToClose: (contact) => `Leg ${contact} vast bij dit bedrijf zodra het heeft plaatsgevonden: Klantwaarde rondt deze taak dan af.`,
  completed: (today, contact, on) => `Afgerond door Klantwaarde op ${today}: ${contact} van ${on} is vastgelegd.`,
  noLongerCustomer: 'Verwijderd door Klantwaarde: het bedrijf is in de periode geen klant meer en heeft dus geen contactschema.',
  segmentChanged: (segment) => `Verwijderd door Klantwaarde: het bedrijf is nu een ${segment}-klant, en dat contactschema kent dit contactmoment niet.`,
  companyGone: 'Verwijderd door Klantwaarde: het bedrijf staat niet meer in het CRM.',
  duplicate: 'Verwijderd door Klantwaarde: een tweede open taak voor hetzelfde contactmoment.',
};

const WORDS: Record<Language, Words> = { en, nl };

/** "Account visit — A customer, every 30 days". */
export function taskSubject(touchpoint: Touchpoint, segment: Segment, locale: Language): string {
  return WORDS[locale].subject(touchpointLabel(touchpoint.name, locale), segment, touchpoint.everyDays);
}

export interface TaskReason {
  touchpoint: Touchpoint;
  segment: Segment;
  lastContact: Instant | null;
  dueDate: string;
  daysOverdue: number;
}

/** Why the task is there: the segment's schedule, the last contact, the due date and how late it is. */
export function taskBody(reason: TaskReason, locale: Language): string[] {
  const w = WORDS[locale];
  const { touchpoint } = reason;
  return [
    w.why(touchpointLabel(touchpoint.name, locale), reason.segment, roleLabel(touchpoint.who, locale), LABELS[locale].layers[touchpoint.layer], touchpoint.everyDays),
    w.last(reason.lastContact === null ? null : isoDate(reason.lastContact)),
    w.due(reason.dueDate, reason.daysOverdue),
    w.howToClose(w.contact[touchpoint.channel]),
  ];
}

/** The note a task gets when the contact it asked for is logged. */
export function completionNote(touchpoint: Touchpoint, contactAt: Instant, today: string, locale: Language): string {
  const w = WORDS[locale];
  return w.completed(today, w.contact[touchpoint.channel], isoDate(contactAt));
}

export type RemovalReason = { kind: 'not_customer' } | { kind: 'segment'; segment: Segment } | { kind: 'company_gone' } | { kind: 'duplicate' };

/** Why an open task was taken out of the rep's list. */
export function removalNote(reason: RemovalReason, locale: Language): string {
  const w = WORDS[locale];
  switch (reason.kind) {
    case 'not_customer':
      return w.noLongerCustomer;
    case 'segment':
      return w.segmentChanged(reason.segment);
    case 'company_gone':
      return w.companyGone;
    case 'duplicate':
      return w.duplicate;
  }
}
