import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
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

  it('adds a batch’s ascending ids at once, up to the first that does not ascend', () => {
    const set = new IdSet();
    const batch = (ids: string[]) => {
      const ends = new Int32Array(ids.length);
      let at = 0;
      ids.forEach((id, k) => (ends[k] = at += Buffer.byteLength(id)));
      return { bytes: bytes(ids.join('')), ends };
    };
    const first = batch(['a-1', 'a-2', 'a-3', 'a-3', 'a-4']);
    expect(set.addAscending(first.bytes, first.ends, 5)).toBe(3);
    expect(set.size).toBe(3);
    // A batch whose first id does not follow the last one added is left to addBytes: equal to it, or before it.
    const again = batch(['a-3', 'a-6']);
    expect(set.addAscending(again.bytes, again.ends, 2)).toBe(0);
    const before = batch(['a-2', 'a-5']);
    expect(set.addAscending(before.bytes, before.ends, 2)).toBe(0);
    expect(set.addBytes(first.bytes, 9, 12)).toBe(false); // the repeated a-3, added one by one
    expect(['a-1', 'a-3', 'a-4'].map((id) => set.findText(id))).toEqual([0, 2, -1]);
    // Once the table is built (the order broke, or find asked), batches go one by one.
    expect(set.addAscending(batch(['a-9']).bytes, batch(['a-9']).ends, 1)).toBe(0);
  });

  it('keeps a sorted run in a few bytes per id, and finds every one of them once the order breaks', () => {
    const set = new IdSet(50_000);
    const ids = Array.from({ length: 50_000 }, (_, k) => `a-${String(k + 1).padStart(8, '0')}`);
    for (let at = 0; at < ids.length; at += 1000) {
      const part = ids.slice(at, at + 1000);
      const ends = new Int32Array(part.length);
      let end = 0;
      part.forEach((id, k) => (ends[k] = end += id.length));
      expect(set.addAscending(bytes(part.join('')), ends, part.length)).toBe(part.length);
    }
    // 10-byte ids that share 8 or 9 bytes with the one before: 3 or 4 bytes each, not 10 and an offset.
    expect(set.bytesHeld).toBeLessThan(4 * ids.length);
    expect(set.add('a-00000001')).toBe(false);
    expect(set.bytesHeld).toBeGreaterThanOrEqual(14 * ids.length);
    for (const k of [0, 1, 9, 10, 99, 100, 12_345, 49_999]) expect(set.findText(ids[k]!)).toBe(k);
    expect(set.findText('a-00050001')).toBe(-1);
  });

  it('keeps long ids whole: a shared prefix over 255 bytes, and a rest of 128 bytes or more', () => {
    const set = new IdSet();
    const long = 'p'.repeat(300);
    const ids = [`${long}a`, `${long}b`, `${long}b${'x'.repeat(200)}`, `${long}c`, `q${'y'.repeat(20_000)}`, 'r'];
    for (const id of ids) expect(set.add(id)).toBe(true);
    for (const id of ids) expect(set.add(id)).toBe(false);
    expect(ids.map((id) => set.findText(id))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(set.findText(`${long}b${'x'.repeat(199)}`)).toBe(-1);
  });

  it('tells the same duplicates as a plain set, batch after batch, sorted or not', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = createRandom(seed);
      const set = new IdSet(seed % 2 === 0 ? 0 : 64); // small: the arena and offsets grow
      const seen = new Set<string>();
      let next = 0;
      for (let b = 0; b < 30; b++) {
        const ids = Array.from({ length: 1 + random.int(0, 200) }, () => {
          const roll = random.next();
          if (roll < 0.9 - seed / 100) return `x-${String((next += 1 + random.int(0, 2))).padStart(5, '0')}`;
          if (roll < 0.95) return `x-${String(random.int(0, next + 5)).padStart(5, '0')}`;
          return `x-${random.int(0, next)}é`;
        });
        const ends = new Int32Array(ids.length);
        let at = 0;
        ids.forEach((id, k) => (ends[k] = at += Buffer.byteLength(id)));
        const batchBytes = bytes(ids.join(''));
        const added = set.addAscending(batchBytes, ends, ids.length);
        const got = ids.map((id, k) => (k < added ? true : set.addBytes(batchBytes, k === 0 ? 0 : ends[k - 1]!, ends[k]!)));
        const expected = ids.map((id) => !seen.has(id) && Boolean(seen.add(id)));
        expect(got, `seed ${seed}, batch ${b}`).toEqual(expected);
      }
      expect(set.size).toBe(seen.size);
      for (const id of seen) expect(set.findText(id)).toBeGreaterThanOrEqual(0);
    }
  });
});
