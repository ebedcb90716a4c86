import { describe, expect, it } from 'vitest';
import { pyramidMigration } from './pyramid.ts';
import type { PyramidLevel } from './results.ts';

describe('pyramid migration', () => {
  it('counts moves up and down, and new companies', () => {
    const previous = new Map<string, PyramidLevel>([
      ['a', 'large'],
      ['b', 'small'],
      ['c', 'medium'],
      ['d', 'prospect'],
      ['gone', 'small'],
    ]);
    const current = new Map<string, PyramidLevel>([
      ['a', 'top'],
      ['b', 'inactive'],
      ['c', 'medium'],
      ['d', 'small'],
      ['new', 'suspect'],
    ]);
    const m = pyramidMigration(previous, current);
    expect(Object.fromEntries(m.moves.map((x) => [x.companyId, x.direction]))).toEqual({ a: 'up', b: 'down', c: 'same', d: 'up', new: 'new' });
    expect(m.matrix.large.top).toBe(1);
    expect(m.matrix.small.inactive).toBe(1);
    expect(m.matrix.prospect.small).toBe(1);
  });
});
