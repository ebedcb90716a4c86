// Manual overrides (§3.3, seed 003's "check it against your own feeling and adjust").
import type { Instant, Override } from './records.ts';
import type { OverrideAgreement } from './results.ts';
import type { Segment } from './records.ts';

/** The newest override per company that has started and not yet expired at asOf. */
export function activeOverrides(overrides: readonly Override[], asOf: Instant): Map<string, Override> {
  const active = new Map<string, Override>();
  for (const o of overrides) {
    if (o.at > asOf || (o.expiresAt !== undefined && o.expiresAt <= asOf)) continue;
    const current = active.get(o.companyId);
    if (!current || o.at > current.at) active.set(o.companyId, o);
  }
  return active;
}

export function overrideAgreement(results: readonly { segmentComputed: Segment | null; override: Override | null }[]): OverrideAgreement {
  let overrides = 0;
  let agreeing = 0;
  for (const r of results) {
    if (!r.override || r.segmentComputed === null) continue;
    overrides += 1;
    if (r.override.segment === r.segmentComputed) agreeing += 1;
  }
  return { overrides, agreeing, rate: overrides > 0 ? agreeing / overrides : null };
}
