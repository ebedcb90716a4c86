import { describe, expect, it } from 'vitest';
import { changedProperties, money, overrideProperties, resultProperties } from './crm-properties.ts';
import { expiryEnd } from './overrides.ts';
import { computePortfolio } from './engine.ts';
import { AS_OF, company, config, override, portfolio, won } from './testing/builders.ts';

describe('CRM properties', () => {
  const [result] = computePortfolio(
    portfolio({ companies: [company('c', { estimatedWallet: 30_000 })], deals: [won('c', 12_345.678)], overrides: [override('c', 'B')] }),
    config(),
    AS_OF,
  ).results;
  // The run computed the company at 09:30 on the day of its asOf: calculated_at is that wall-clock time, not asOf.
  const ranAt = AS_OF + 9.5 * 3_600_000;
  const values = resultProperties(result!, ranAt);

  it('rounds money to cents only when written out, and never writes -0', () => {
    expect(values.revenue_12m).toBe('12345.68');
    expect(money(-0.001)).toBe('0.00');
    expect(money(2.005)).toBe('2.01');
  });

  it('writes the PRODUCT.md names with codes, dates and percent', () => {
    expect(values).toMatchObject({ segment: 'B', segment_computed: 'A', segment_override: 'B', segment_override_reason: 'gut feeling', pyramid_level: 'top', contact_overdue: 'no', calculated_at: '2026-11-01T09:30:00.000Z' });
    expect(values.share_of_wallet).toBe('41.15');
    expect(values.next_contact_date).toBe('2026-11-01');
  });

  it('sends nothing when nothing changed, and the timestamp only with a change', () => {
    expect(changedProperties(values, { ...values })).toEqual({});
    expect(changedProperties({ ...values, calculated_at: 'later' }, values)).toEqual({});
    expect(changedProperties({ ...values, segment: 'A', calculated_at: 'later' }, values)).toEqual({ segment: 'A', calculated_at: 'later' });
  });

  it('never writes the rep-edited override fields back', () => {
    const first = changedProperties(values, undefined);
    expect(first).not.toHaveProperty('segment_override');
    expect(first).not.toHaveProperty('segment_override_reason');
    expect(first).toHaveProperty('segment', 'B');
  });
});

describe('override properties', () => {
  it('write the expiry as the date it falls on in schedule.timezone, which reads back as the same expiry day', () => {
    // A rep in Amsterdam picks 10 December, 00:30: 23:30 UTC the day before.
    const fromCard = override('c', 'B', { expiresAt: Date.parse('2026-12-09T23:30:00Z') });
    const written = overrideProperties(fromCard, 'Europe/Amsterdam').segment_override_expires;
    expect(written).toBe('2026-12-10');
    const readBack = Date.parse(`${written}T00:00:00Z`);
    expect(expiryEnd(readBack, 'Europe/Amsterdam')).toBe(expiryEnd(fromCard.expiresAt!, 'Europe/Amsterdam'));
    expect(expiryEnd(readBack, 'Europe/Amsterdam')).toBe(Date.parse('2026-12-10T23:00:00Z'));
    expect(overrideProperties(override('c', 'B'), 'Europe/Amsterdam').segment_override_expires).toBeNull();
  });
});

describe('property names', () => {
  it('lists every property resultProperties writes, in order', async () => {
    const { PROPERTY_NAMES } = await import('./crm-properties.ts');
    const [r] = computePortfolio(portfolio({ companies: [company('c')], deals: [won('c', 1)] }), config(), AS_OF).results;
    expect(Object.keys(resultProperties(r!, AS_OF))).toEqual([...PROPERTY_NAMES]);
  });
});
