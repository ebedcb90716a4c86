import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
import { boolean, instant, label, numberParsers, SLOW, type NumberFormat } from './cell-parsers.ts';

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** The cell in the middle of a bigger buffer, as a CSV chunk holds it. */
const fromBytes = <T>(parse: { fromBytes?: (b: Uint8Array, s: number, e: number) => T }, cell: string) => {
  const b = utf8(`,,${cell};;`);
  return parse.fromBytes!(b, 2, b.length - 2);
};

/** What Date makes of the text: the instant, or undefined when it names no such moment. */
function byDate(text: string, y: number, m: number, d: number): number | undefined {
  if (y < 1000) return undefined;
  const value = Date.parse(text.length === 10 ? `${text}T00:00:00.000Z` : text);
  const date = new Date(value);
  if (Number.isNaN(value) || date.getUTCFullYear() !== y || date.getUTCMonth() + 1 !== m || date.getUTCDate() !== d) return undefined;
  return value;
}

describe('instant cells', () => {
  it('read from bytes and from text as Date reads them, for real and impossible dates and times', () => {
    const years = [999, 1000, 1900, 1970, 2000, 2024, 2025, 2026, 2032, 2034, 2100, 2400, 9999];
    const times = ['', 'T00:00:00.000Z', 'T23:59:59.999Z', 'T24:00:00.000Z', 'T12:60:00.000Z', 'T12:00:60.000Z', 'T09:30:15.123Z'];
    let checked = 0;
    for (const y of years) {
      for (let m = 0; m <= 14; m++) {
        for (let d = 0; d <= 33; d++) {
          for (const t of times) {
            const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}${t}`;
            const expected = byDate(text, y, m, d);
            // A cell of the shape with no such moment is refused (undefined), from bytes as from text.
            expect(fromBytes(instant, text), text).toBe(expected);
            expect(instant.parse(text), text).toBe(expected);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(years.length * 15 * 34 * times.length);
  });

  it('tells apart dates that share a place in the day cache (eight years apart) in any order', () => {
    // 2026-03-05 and 2034-03-05 land on the same entry; 2028-02-29 and 2036-02-29 too (both leap days).
    const dates = ['2026-03-05', '2034-03-05', '2026-03-05', '2028-02-29', '2036-02-29', '2028-02-29', '2026-02-29', '2034-02-29', '2018-03-05'];
    for (const text of dates) expect(fromBytes(instant, text), text).toBe(byDate(text, Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))));
    expect(fromBytes(instant, '2026-03-05T10:00:00.000Z')).toBe(Date.UTC(2026, 2, 5, 10));
    expect(fromBytes(instant, '2034-03-05T10:00:00.000Z')).toBe(Date.UTC(2034, 2, 5, 10));
  });

  it('reads no number from a cell of the shape with anything but a digit in a digit’s place', () => {
    // Every place of both shapes, with the bytes on either side of the digits and other ASCII.
    const digitPlaces = (text: string) => [...text].flatMap((c, k) => (c >= '0' && c <= '9' ? [k] : []));
    for (const text of ['2026-03-05', '2026-03-05T10:20:30.456Z']) {
      for (const k of digitPlaces(text)) {
        for (const other of ['/', ':', 'a', ' ', '-', '\u00e9']) {
          const cell = text.slice(0, k) + other + text.slice(k + 1);
          expect(typeof fromBytes(instant, cell), cell).not.toBe('number');
          expect(instant.parse(cell), cell).toBeUndefined();
        }
      }
    }
  });

  it('leaves other shapes to the text parser', () => {
    expect(fromBytes(instant, '2026-03-05T10:00:00Z')).toBe(SLOW);
    expect(fromBytes(instant, '2026-3-05')).toBe(SLOW);
    expect(instant.parse('2026-03-05T10:00:00+01:00')).toBe(Date.UTC(2026, 2, 5, 9));
  });
});

describe('label cells', () => {
  it('give every row the first string of its text, from bytes once the text was read, whatever labels share a cache entry', () => {
    const roles = label();
    // Same length, first, middle and last byte: the same place in the cache of recent labels.
    const names = ['axxxb', 'ayxyb', 'azxzb', 'sales', 'inside_sales', 'support', 'é-ü', ''];
    for (const name of names.filter((n) => n !== '')) expect(fromBytes(roles, name)).toBe(SLOW); // not read as text yet
    const firsts = new Map(names.filter((n) => n !== '').map((name) => [name, roles.parse(`${name}`)]));
    for (let round = 0; round < 3; round++) {
      for (const name of [...names].reverse()) {
        if (name === '') continue;
        const got = fromBytes(roles, name);
        expect(got).toBe(firsts.get(name));
      }
    }
    expect(fromBytes(roles, 'axxxc')).toBe(SLOW);
    expect(fromBytes(roles, 'axxb')).toBe(SLOW);
    expect(fromBytes(roles, '')).toBe(SLOW);
  });
});

describe('boolean cells', () => {
  it('read from bytes as from text: true and false only, in lower case', () => {
    for (const cell of ['true', 'false', 'TRUE', 'True', 'yes', '1', '0', 'tru', 'falsey', ' true', 'true ', 'fals', '']) {
      expect(fromBytes(boolean, cell), cell).toBe(boolean.parse(cell));
    }
    expect(fromBytes(boolean, 'true')).toBe(true);
    expect(fromBytes(boolean, 'false')).toBe(false);
  });
});

describe('number cells', () => {
  const FORMATS: NumberFormat[] = [
    { decimal: '.', thousands: '' },
    { decimal: ',', thousands: '.' },
    { decimal: ',', thousands: '' },
    { decimal: '.', thousands: ',' },
    { decimal: ',', thousands: ' ' },
  ];
  const FIXED = ['0', '-0', '1', '-1', '0.3', '0,3', '-0.25', '1.0', '1.01', '-1.5', '.5', '5.', '1e2', '007', '1.234', '1.234,5', '1,234.5', '12.345.678', '1 234,5', '1234567890123456', '123456789012345', '', '-', '.', 'abc', '0.123456789012345', '2.5%', '+1'];
  it('read from bytes as from text, or left to the text parser, for every parser and number format', () => {
    const random = createRandom(5);
    const piece = () => random.pick(['0', '1', '9', '12', '345', '.', ',', ' ', '-', 'e', '000', '999']);
    const cells = [...FIXED, ...Array.from({ length: 4000 }, () => Array.from({ length: 1 + Math.floor(random.next() * 6) }, piece).join(''))];
    let fast = 0;
    for (const format of FORMATS) {
      const parsers = numberParsers(format);
      for (const name of ['number', 'nonNegativeNumber', 'wholeNumber', 'fraction'] as const) {
        const parser = parsers[name];
        for (const cell of cells) {
          const got = fromBytes(parser, cell);
          if (got === SLOW) continue;
          fast++;
          expect(got, `${name} ${JSON.stringify(format)} ${JSON.stringify(cell)}`).toBe(parser.parse(cell));
        }
      }
    }
    expect(fast).toBeGreaterThan(10_000);
  });

  it('reads a fraction from bytes between -1 and 1 and refuses one outside, as the text parser does', () => {
    const { fraction } = numberParsers({ decimal: '.', thousands: '' });
    expect(fromBytes(fraction, '0.26')).toBe(0.26);
    expect(fromBytes(fraction, '-1')).toBe(-1);
    expect(fromBytes(fraction, '1.5')).toBeUndefined();
    expect(fraction.parse('1.5')).toBeUndefined();
  });
});
