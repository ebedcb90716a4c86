// The dashboard's numbers and sentences: thousands separators and one minus sign in both
// languages, dates in words, and plurals that agree with their number.
import { describe, expect, it } from 'vitest';
import { formats } from '../../src/http/dashboard/views/format.ts';
import { wordsFor } from '../../src/http/dashboard/views/messages.ts';

const NOV_1 = Date.parse('2026-11-01T00:00:00Z');

describe('dashboard formats', () => {
  it('separate thousands the way each language does', () => {
    expect(formats('en').money(12_735_202)).toBe('12,735,202');
    expect(formats('nl').money(12_735_202)).toBe('12.735.202');
    expect(formats('en').count(1234)).toBe('1,234');
    expect(formats('nl').count(1234)).toBe('1.234');
    expect(formats('en').percent(0.854, 1)).toBe('85.4%');
    expect(formats('nl').percent(0.854, 1)).toBe('85,4%');
  });

  it('write every negative figure with the minus sign, never the hyphen', () => {
    for (const language of ['en', 'nl'] as const) {
      const f = formats(language);
      expect(f.money(-42_924)).toMatch(/^−42[.,]924$/);
      expect(f.signedMoney(-5)).toBe('−5');
      expect(f.signedMoney(5)).toBe('+5');
      expect(f.percent(-0.2)).toBe('−20%');
      expect(f.count(-3)).toBe('−3');
      // No "−0" for an amount that rounds to nothing.
      expect(f.money(-0.4)).toBe('0');
    }
  });

  it('write dates in words', () => {
    expect(formats('en').date(NOV_1)).toBe('1 Nov 2026');
    expect(formats('nl').date(NOV_1)).toBe('1 nov 2026');
    expect(formats('en').date(null)).toBe('—');
  });
});

describe('dashboard sentences', () => {
  it('agree with their number', () => {
    const en = wordsFor('en').t;
    const nl = wordsFor('nl').t;
    expect(en.overview.segments.overrides(1, 1)).toBe('1 override; the model agrees with it.');
    expect(en.overview.segments.overrides(1, 0)).toBe('1 override; the model does not agree with it.');
    expect(en.overview.segments.overrides(3, 2)).toBe('3 overrides; the model agrees with 2 of them.');
    expect(nl.overview.segments.overrides(1, 1)).toBe('1 handmatig segment; het model is het ermee eens.');
    expect(en.overview.runs.counts.companies(1)).toBe('1 company');
    expect(en.overview.runs.counts.companies(1200)).toBe('1,200 companies');
    expect(nl.overview.runs.counts.companies(1200)).toBe('1.200 bedrijven');
    expect(en.company.schedule.everyDays(1)).toBe('1 day');
    expect(nl.company.schedule.overdue(222)).toBe('222 dagen te laat');
    expect(en.customers.range(1, 1, 1)).toBe('1–1 of 1 company');
  });
});
