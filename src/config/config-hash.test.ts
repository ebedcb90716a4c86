import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from './config.defaults.ts';
import { canonicalJson, configHash } from './config-hash.ts';

describe('configHash', () => {
  it('is the same whatever the key order', () => {
    expect(configHash({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(configHash({ a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('changes when a value changes', () => {
    const changed = { ...DEFAULT_CONFIG, costs: { ...DEFAULT_CONFIG.costs, travelCost: 46 } };
    expect(configHash(changed)).not.toBe(configHash(DEFAULT_CONFIG));
  });

  it('is a sha256 in hex', () => {
    expect(configHash(DEFAULT_CONFIG)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sorts numeric-looking keys as text and leaves out undefined members', () => {
    expect(canonicalJson({ owners: { '10': 'a', '9': 'b', x: undefined } })).toBe('{"owners":{"10":"a","9":"b"}}');
  });
});
