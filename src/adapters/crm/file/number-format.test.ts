import { describe, expect, it } from 'vitest';
import { numberFormatOf } from './number-format.ts';

describe('csv number settings', () => {
  it('groups thousands with a dot under a decimal comma, and with nothing under a decimal dot, when auto', () => {
    expect(numberFormatOf({ decimal: ',', thousands: 'auto' })).toEqual({ decimal: ',', thousands: '.' });
    expect(numberFormatOf({ decimal: '.', thousands: 'auto' })).toEqual({ decimal: '.', thousands: '' });
    expect(numberFormatOf({ decimal: ',', thousands: 'none' })).toEqual({ decimal: ',', thousands: '' });
    expect(numberFormatOf({ decimal: '.', thousands: ',' })).toEqual({ decimal: '.', thousands: ',' });
  });
});
