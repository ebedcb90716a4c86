// Small builders for engine tests: a portfolio reads like the case it describes.
import { DEFAULT_MODEL_CONFIG } from '../default-model-config.ts';
import type { ValueModelConfig } from '../model-config.ts';
import type { Activity, Company, Deal, Portfolio, Relation, Override } from '../records.ts';

export const AS_OF = Date.parse('2026-11-01T00:00:00Z');
export const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

let seq = 0;
const nextId = (prefix: string) => `${prefix}-${++seq}`;

export function company(id: string, extra: Partial<Company> = {}): Company {
  return { id, name: `Company ${id}`, createdAt: day('2020-01-01'), ...extra };
}

export function won(companyId: string, amount: number, closeDate = '2026-06-01', extra: Partial<Deal> = {}): Deal {
  return { id: nextId('d'), companyId, amount, closeDate: day(closeDate), status: 'won', ...extra };
}

export function activity(companyId: string, type: Activity['type'], occurredAt = '2026-06-01', extra: Partial<Activity> = {}): Activity {
  return { id: nextId('a'), companyId, type, occurredAt: day(occurredAt), ...extra };
}

export function portfolio(parts: Partial<Portfolio>): Portfolio {
  return { companies: [], deals: [], activities: [], relations: [], overrides: [], ...parts };
}

export function relation(fromCompanyId: string, toCompanyId: string, kind: Relation['kind']): Relation {
  return { fromCompanyId, toCompanyId, kind };
}

export function override(companyId: string, segment: Override['segment'], extra: Partial<Override> = {}): Override {
  return { companyId, segment, reason: 'gut feeling', by: 'manager@example.com', at: day('2026-10-01'), ...extra };
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

function merge(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (Array.isArray(over) || typeof over !== 'object' || over === null) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out;
}

/** The defaults with some keys changed (deep merge; arrays replace). */
export function config(changes: DeepPartial<ValueModelConfig> = {}): ValueModelConfig {
  return merge(structuredClone(DEFAULT_MODEL_CONFIG), changes) as ValueModelConfig;
}

/** A config where nothing costs anything but activity time, so figures are easy to check by hand. */
export function costFreeConfig(changes: DeepPartial<ValueModelConfig> = {}): ValueModelConfig {
  const base = config({
    costs: { orderHandling: 0, travelCost: 0, ticketCost: 0 },
    strategic: { referenceBonus: 0, knowledgeBonus: 0 },
    wallet: { perEmployee: { default: 0 } },
  });
  return merge(base, changes) as ValueModelConfig;
}
