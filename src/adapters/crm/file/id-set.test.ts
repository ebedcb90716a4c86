import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set.ts';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const add = (set: IdSet, id: string) => {
  const b = bytes(`xx${id}yy`); // the id in the middle of a larger buffer, as in a CSV chunk
  return set.addBytes(b, 2, b.length - 2);
};

describe('IdSet', () => {
  it('finds a repeat while the ids come in order, and after the order breaks', () => {
    const set = new IdSet();
    expect(['a-1', 'a-2', 'a-3'].map((id) => add(set, id))).toEqual([true, true, true]);
    expect(add(set, 'a-3')).toBe(false); // equal to the last: the order breaks here
    expect(add(set, 'a-0')).toBe(true);
    expect(add(set, 'a-1')).toBe(false);
    expect(add(set, 'a-4')).toBe(true);
    expect(set.add('a-4')).toBe(false);
    expect(set.size).toBe(5);
  });

  it('tells ids apart that share a prefix or differ only in length, bytes or case', () => {
    const set = new IdSet();
    for (const id of ['c-1', 'c-10', 'c-1 ', 'C-1', 'c-é', 'c-e']) expect(set.add(id)).toBe(true);
    for (const id of ['c-1', 'c-10', 'C-1', 'c-é']) expect(set.add(id)).toBe(false);
  });

  it('gives the position an id was added at, or -1', () => {
    const set = new IdSet();
    for (const id of ['b', 'a', 'c']) set.add(id);
    const b = bytes('..c..');
    expect(set.find(b, 2, 3)).toBe(2);
    expect(set.findText('a')).toBe(1);
    expect(set.findText('d')).toBe(-1);
    // Finding builds the table; adding in order afterwards still keeps it up to date.
    expect(set.add('d')).toBe(true);
    expect(set.findText('d')).toBe(3);
    expect(set.add('b')).toBe(false);
  });

  it('finds each id of a run of equal and alternating ids, the same length or not', () => {
    const set = new IdSet();
    for (const id of ['c-01', 'c-02', 'c-10', 'c-1']) set.add(id);
    const asked = ['c-01', 'c-01', 'c-02', 'c-02', 'c-01', 'c-10', 'c-1', 'c-1', 'c-11', 'c-10', 'c-01'];
    expect(asked.map((id) => set.findText(id))).toEqual([0, 0, 1, 1, 0, 2, 3, 3, -1, 2, 0]);
  });
});
