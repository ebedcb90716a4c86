// The user's language and number, money and date formats, from HubSpot's user context:
// a locale starting with "nl" gets Dutch, anything else English. Money is in euros.
import { MESSAGES, type Language, type Messages } from './messages.ts';

export interface Formatters {
  /** whole euros: "€ 56.472" (nl), "€56,472" (en) */
  money(amount: number): string;
  /** a 0..1 ratio as a percentage with at most one decimal */
  percent(ratio: number): string;
  /** a grade with one decimal: "8.2" (en), "8,2" (nl) */
  grade(value: number): string;
  /** a day, in the portal's time zone */
  date(ms: number): string;
  /** a day and time, in the portal's time zone */
  dateTime(ms: number): string;
}

export interface I18n {
  language: Language;
  locale: string;
  t: Messages;
  format: Formatters;
}

export function languageOf(locale: string | undefined): Language {
  return locale?.trim().toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

export function createI18n(locale: string | undefined, timeZone: string | undefined): I18n {
  const language = languageOf(locale);
  const tag = supportedLocale(locale, language);
  const zone = supportedTimeZone(timeZone);
  const money = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR', minimumFractionDigits: 0, maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1 });
  const grade = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: zone });
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  return {
    language,
    locale: tag,
    t: MESSAGES[language],
    format: {
      // Math.round first so -0.4 shows as € 0, not € -0.
      money: (amount) => money.format(Math.round(amount) || 0),
      percent: (ratio) => percent.format(ratio),
      grade: (value) => grade.format(value),
      date: (ms) => date.format(ms),
      dateTime: (ms) => dateTime.format(ms),
    },
  };
}

/** HubSpot's locale when Intl knows it (e.g. "nl-nl", "en-gb"), else the language alone. */
function supportedLocale(locale: string | undefined, language: Language): string {
  if (!locale) return language;
  try {
    const [canonical] = Intl.getCanonicalLocales(locale.replace('_', '-'));
    if (canonical && languageOf(canonical) === language) return canonical;
  } catch {
    // not a valid BCP 47 tag
  }
  return language;
}

function supportedTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}
