// Overriding a segment from the card (§3.3): the expiry is a day in schedule.timezone, kept and
// written to the CRM as that date, so what comes back from the CRM is the same day; an expiry
// date of today is still allowed, yesterday's is not.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/app/errors.ts';
import { overrideSegment } from '../../src/app/overrides.ts';
import type { CompanyUpdate, CrmWriter } from '../../src/app/ports/crm.port.ts';
import { AS_OF, samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
beforeEach(async () => {
  portal = await samplePortal();
});
afterEach(async () => {
  await portal.close();
});

function recordingWriter(): CrmWriter & { calls: CompanyUpdate[] } {
  const calls: CompanyUpdate[] = [];
  return {
    tenant: TENANT,
    calls,
    async write(updates, onWritten) {
      calls.push(...updates);
      await onWritten([...updates]);
      return { written: [...updates], failed: [], apiCalls: 1, stoppedBy: null };
    },
  };
}

describe('an override set from the card', () => {
  it('keeps a time as the date it falls on in schedule.timezone, and writes that date to the CRM', async () => {
    const writer = recordingWriter();
    // 23:30 UTC on 9 December is 00:30 on 10 December in Amsterdam (the default zone).
    const outcome = await overrideSegment(portal.recompute, TENANT, { companyId: 'c-000001', segment: 'A', reason: 'new contract', by: 'rep@example.com', expiresAt: Date.parse('2026-12-09T23:30:00Z') }, writer);
    expect(writer.calls[0]!.values.segment_override_expires).toBe('2026-12-10');
    const stored = (await portal.store.loadCompanies(TENANT, ['c-000001'])).overrides.find((o) => o.companyId === 'c-000001')!;
    expect(stored.expiresAt).toBe(Date.parse('2026-12-10T00:00:00Z'));
    expect(outcome.results.find((r) => r.companyId === 'c-000001')!.segment).toBe('A');
  });

  it('accepts an expiry date of today and refuses one of yesterday', async () => {
    portal.clock.now = AS_OF + 15 * 3_600_000; // 16:00 in Amsterdam on 1 November
    const today = await overrideSegment(portal.recompute, TENANT, { companyId: 'c-000001', segment: 'A', reason: 'until tonight', by: 'rep@example.com', expiresAt: Date.parse('2026-11-01T00:00:00Z') });
    expect(today.results.find((r) => r.companyId === 'c-000001')!.segment).toBe('A');
    const yesterday = overrideSegment(portal.recompute, TENANT, { companyId: 'c-000001', segment: 'A', reason: 'too late', by: 'rep@example.com', expiresAt: Date.parse('2026-10-31T00:00:00Z') });
    await expect(yesterday).rejects.toEqual(new AppError('override.expired', 'The expiry date 2026-10-31 lies in the past.'));
  });
});
