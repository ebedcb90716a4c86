// Language choice and formats: Dutch for any nl locale, English otherwise; euros, percentages
// and dates in the user's locale and the portal's time zone.
import { describe, expect, it } from 'vitest';
import { createI18n, languageOf } from '../i18n/i18n.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { plain } from './support.tsx';

describe('languageOf', () => {
  it.each([
    ['nl', 'nl'],
    ['nl-NL', 'nl'],
    ['nl-be', 'nl'],
    ['NL_nl', 'nl'],
    ['en-us', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ] as const)('%s → %s', (locale, language) => {
    expect(languageOf(locale)).toBe(language);
  });
});

describe('formats', () => {
  const nl = createI18n('nl-NL', 'Europe/Amsterdam');
  const en = createI18n('en-US', 'Europe/Amsterdam');

  it('money in whole euros', () => {
    expect(plain(nl.format.money(56472.4))).toBe('€ 56.472');
    expect(plain(nl.format.money(-2820))).toBe('€ -2.820');
    expect(en.format.money(56472.5)).toBe('€56,473');
    expect(en.format.money(-0.4)).toBe('€0');
  });

  it('percentages with at most one decimal', () => {
    expect(plain(nl.format.percent(0.125))).toBe('12,5%');
    expect(en.format.percent(2.3756)).toBe('237.6%');
  });

  it("dates in the portal's time zone", () => {
    const lateEvening = Date.UTC(2026, 10, 22, 23, 30);
    expect(nl.format.date(lateEvening)).toBe('23 nov 2026');
    expect(createI18n('en-US', 'America/New_York').format.date(lateEvening)).toBe('Nov 22, 2026');
  });

  it('falls back to the language and UTC when HubSpot sends something Intl does not know', () => {
    const odd = createI18n('nl-xx-invalid-@@', 'Mars/Olympus');
    expect(odd.language).toBe('nl');
    expect(odd.locale).toBe('nl');
    expect(odd.format.date(Date.UTC(2026, 10, 22, 23, 30))).toBe('22 nov 2026');
  });
});

describe('messages', () => {
  it('Dutch and English have the same keys', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(MESSAGES.nl)).toEqual(keys(MESSAGES.en));
  });

  it('every recommended action has its own sentence in both languages', () => {
    for (const language of ['en', 'nl'] as const) {
      const texts = Object.values(MESSAGES[language].action.texts);
      expect(new Set(texts).size).toBe(10);
    }
  });
});
