// Numbers, dates and durations as a manager reads them, in the page's language: thousands
// separators ("12,345" / "12.345"), one minus sign (−, never the hyphen) and dates in words.
// Amounts carry no currency sign (they are in the account's currency).
import type { Language } from '../../../domain/labels.ts';
import type { Instant } from '../../../domain/records.ts';

export interface Formats {
  money(value: number | null | undefined): string;
  /** "+1,234" / "−1,234" / "0". */
  signedMoney(delta: number): string;
  count(value: number): string;
  /** A grade with one decimal (8.2; 8,2 in Dutch). */
  grade(value: number): string;
  percent(fraction: number | null | undefined, digits?: number): string;
  date(instant: Instant | null | undefined): string;
  dateTime(instant: Instant | null | undefined): string;
  duration(ms: number | null): string;
}

export const MINUS = '−';

/** The client script (dashboard.js) formats with the same tags. */
const LOCALES: Record<Language, string> = { en: 'en-GB', nl: 'nl-NL' };

/** Intl writes the hyphen-minus; the dashboard writes the minus sign everywhere. */
function minus(text: string): string {
  return text.replace(/-/g, MINUS);
}

export function formats(language: Language): Formats {
  const locale = LOCALES[language];
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const oneDecimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percents = [0, 1, 2].map((digits) => new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }));
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dayAndTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  // Math.round first (and `|| 0`) so −0.4 shows as 0, not −0.
  const money = (value: number | null | undefined) => (value === null || value === undefined ? '—' : minus(whole.format(Math.round(value) || 0)));
  return {
    money,
    signedMoney: (delta) => (Math.round(delta) > 0 ? `+${money(delta)}` : money(delta)),
    count: (value) => minus(whole.format(value)),
    grade: (value) => minus(oneDecimal.format(value)),
    percent: (fraction, digits = 0) => (fraction === null || fraction === undefined ? '—' : minus(percents[digits]!.format(fraction))),
    date: (instant) => (instant === null || instant === undefined ? '—' : day.format(instant)),
    dateTime: (instant) => (instant === null || instant === undefined ? '—' : `${dayAndTime.format(instant)} UTC`),
    duration: (ms) => {
      if (ms === null) return '—';
      if (ms < 1000) return `${whole.format(Math.round(ms))} ms`;
      const seconds = Math.round(ms / 1000);
      return seconds < 60 ? `${seconds} s` : `${whole.format(Math.floor(seconds / 60))} min ${seconds % 60} s`;
    },
  };
}
