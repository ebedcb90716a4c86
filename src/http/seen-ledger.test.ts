import { describe, expect, it } from 'vitest';
import { ledgerKey, memoryLedger } from './seen-ledger.ts';

describe('memory ledger', () => {
  it('answers true the first time a key is recorded, false after, until the key is dropped', async () => {
    let now = 0;
    const ledger = memoryLedger({ keepMs: 10_000, now: () => now });
    const key = ledgerKey('v3', 'signature', '1700000000000');
    expect(await ledger.seen(key)).toBe(false);
    expect(await ledger.firstSight(key)).toBe(true);
    expect(await ledger.firstSight(key)).toBe(false);
    now += 5_000;
    expect(await ledger.firstSight(ledgerKey('v3', 'other', '1700000000000'))).toBe(true);
    expect(await ledger.seen(key)).toBe(true);
    now += 5_000;
    expect(await ledger.seen(key)).toBe(false);
    expect(await ledger.seen(ledgerKey('v3', 'other', '1700000000000'))).toBe(true);
  });
});
