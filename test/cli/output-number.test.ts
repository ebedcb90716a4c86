// CSV output prints a numeric property as the number its text holds (String(Number(text))),
// trimmed straight from the text: the same characters for every money, rank and percent value.
import { describe, expect, it } from 'vitest';
import { numberText } from '../../src/cli/output.ts';
import { money } from '../../src/domain/crm-properties.ts';

describe('numberText', () => {
  it('is String(Number(text)) for money, whole numbers and edge cases', () => {
    const cases = ['0.00', '-0.00', '12.50', '-12.50', '3.00', '100', '0', '-0', '007', '0.05', '1e+21', '123456789012.34', '9999999999999999', '-1234567890123.45', '12345678901234567.00'];
    for (const text of cases) expect(numberText(text), text).toBe(String(Number(text)));
  });

  it('agrees with the round trip on 200,000 random amounts at every scale', () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let i = 0; i < 200_000; i++) {
      const value = (random() - 0.5) * 10 ** Math.floor(random() * 16);
      for (const text of [money(value), String(Math.round(value)), value.toFixed(4)]) {
        if (numberText(text) !== String(Number(text))) expect(numberText(text), text).toBe(String(Number(text)));
      }
    }
  });
});
