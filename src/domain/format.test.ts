import { describe, expect, it } from 'vitest';
import { amount, flat, percent } from './format.ts';

describe('amount', () => {
  it('writes whole units with thousands separators', () => {
    expect([0, 0.4, -0.4, 7, 999, 1000, 12_345.6, -1_234_567, 100_000].map(amount)).toEqual(['0', '0', '0', '7', '999', '1,000', '12,346', '-1,234,567', '100,000']);
    expect(percent(0.256)).toBe('26%');
  });

  it('groups the rounded whole units by three, at every scale and on every rounding edge', () => {
    // The digits of the rounded value (Math.round: halves up), grouped by a pattern.
    const grouped = (value: number) => {
      const rounded = Math.round(value);
      const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
      return rounded < 0 ? `-${digits}` : digits;
    };
    const edges = [0.5, -0.5, 1.5, -1.5, 999.49, 999.5, -999.5, 1000, 999_999.5, 1_000_000, 10 ** 14, 10 ** 15 - 1, -(10 ** 15 - 1), 2 ** 53 - 1];
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const values = [...edges, ...Array.from({ length: 20_000 }, (_, k) => (random() - 0.3) * 10 ** (k % 16))];
    for (const value of values) expect(amount(value), String(value)).toBe(Math.round(value) === 0 ? '0' : grouped(value));
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
