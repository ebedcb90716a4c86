import { describe, expect, it } from 'vitest';
import { amount, percent } from './format.ts';

describe('amount', () => {
  it('writes whole units with thousands separators', () => {
    expect([0, 0.4, -0.4, 7, 999, 1000, 12_345.6, -1_234_567, 100_000].map(amount)).toEqual(['0', '0', '0', '7', '999', '1,000', '12,346', '-1,234,567', '100,000']);
    expect(percent(0.256)).toBe('26%');
  });
});
