import { describe, expect, it } from 'vitest';
import { amount, flat, percent } from './format.ts';

describe('amount', () => {
  it('writes whole units with thousands separators', () => {
    expect([0, 0.4, -0.4, 7, 999, 1000, 12_345.6, -1_234_567, 100_000].map(amount)).toEqual(['0', '0', '0', '7', '999', '1,000', '12,346', '-1,234,567', '100,000']);
    expect(percent(0.256)).toBe('26%');
  });
});

describe('flat', () => {
  it('writes what the plain template writes, for every kind of value', () => {
    const values: unknown[] = ['', 'é ✓ 𝄞', 0, -1.5, 1e21, null, undefined, true, 12_345];
    for (const a of values) {
      for (const b of values) {
        expect(flat`${a}`).toBe(`${a}`);
        expect(flat`x ${a}, y ${b}.`).toBe(`x ${a}, y ${b}.`);
        expect(flat`${a}${b}`).toBe(`${a}${b}`);
      }
    }
    expect(flat`no values`).toBe('no values');
  });
});
