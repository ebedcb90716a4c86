import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_CONFIG } from '../domain/default-model-config.ts';
import { DEFAULT_CONFIG } from './config.defaults.ts';
import type { ConfigError, ConfigResult } from './load-config.ts';
import { formatConfigErrors, parseConfig } from './load-config.ts';

function errorsOf(result: ConfigResult): ConfigError[] {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.errors;
}

function refusal(raw: unknown, path: string): ConfigError {
  const found = errorsOf(parseConfig(raw, 'test')).find((error) => error.path === path);
  if (!found) throw new Error(`no error at ${path}`);
  return found;
}

describe('config schema', () => {
  it('gives the value model defaults for an empty file', () => {
    const result = parseConfig({}, 'test');
    expect(result.ok && result.config).toMatchObject(DEFAULT_MODEL_CONFIG);
  });

  it('gives exactly DEFAULT_CONFIG for an empty file (recalc --input without a config file takes it without the schema)', () => {
    const result = parseConfig({}, 'test');
    expect(result.ok && result.config).toStrictEqual(DEFAULT_CONFIG);
  });

  it('refuses a value of the wrong type with its path and what is allowed', () => {
    const error = refusal({ costs: { hourlyRate: { account_manager: 'abc' } } }, 'costs.hourlyRate.account_manager');
    expect(error).toMatchObject({ value: 'abc', code: 'config.invalid' });
    expect(formatConfigErrors([error])).toBe('costs.hourlyRate.account_manager: got "abc" — expected a number ≥ 0');
  });

  it('refuses a fraction outside 0..1', () => {
    expect(refusal({ margin: { defaultPct: 1.5 } }, 'margin.defaultPct').message).toMatch(/fraction between 0 and 1/);
    expect(refusal({ service: { maxCostRatio: { C: -0.1 } } }, 'service.maxCostRatio.C').value).toBe(-0.1);
  });

  it('reads customer goals, and refuses a development goal with both or neither of count and share, or going down', () => {
    const result = parseConfig({ goals: { developed: [{ from: 'medium', to: 'large', count: 5 }], maxDCustomers: 20, maxCostRatio: { D: 0.1 } } }, 'test');
    expect(result.ok && result.config.goals).toEqual({ retention: 0.9, developed: [{ from: 'medium', to: 'large', count: 5 }], maxDCustomers: 20, maxCostRatio: { D: 0.1 } });
    expect(refusal({ goals: { developed: [{ from: 'medium', count: 5, share: 0.1 }] } }, 'goals.developed.0').message).toMatch(/either count .* or share/);
    expect(refusal({ goals: { developed: [{ from: 'medium' }] } }, 'goals.developed.0').message).toMatch(/either count/);
    expect(refusal({ goals: { developed: [{ from: 'large', to: 'small', count: 1 }] } }, 'goals.developed.0.to').message).toMatch(/above `from`/);
    expect(refusal({ goals: { developed: [{ from: 'huge', count: 1 }] } }, 'goals.developed.0.from').message).toMatch(/one of top, large, medium/);
    expect(refusal({ goals: { maxCostRatio: { E: 0.1 } } }, 'goals.maxCostRatio.E').message).toMatch(/allowed here: A, B, C, D/);
  });

  it('reads the deprecated dashboard.retentionGoal as goals.retention, and says so', () => {
    const old = parseConfig({ dashboard: { retentionGoal: 0.8 } }, 'test');
    expect(old.ok && old.config.goals.retention).toBe(0.8);
    expect(old.ok && old.notices).toEqual(['dashboard.retentionGoal is deprecated: it is read as goals.retention; move it there (goals: { retention: … })']);
    const both = parseConfig({ dashboard: { retentionGoal: 0.8 }, goals: { retention: 0.7 } }, 'test');
    expect(both.ok && both.config.goals.retention).toBe(0.7);
    expect(both.ok && both.notices![0]).toMatch(/ignored because goals.retention is set/);
    expect(refusal({ dashboard: { retentionGoal: 0.8, colour: 'blue' } }, 'dashboard').message).toMatch(/unknown key/);
    expect(refusal({ dashboard: { retentionGoal: 2 } }, 'goals.retention').value).toBe(2);
  });

  it('refuses pareto a that is not below b', () => {
    expect(refusal({ segmentation: { pareto: { a: 0.95, b: 0.95 } } }, 'segmentation.pareto.b').message).toMatch(/a < b/);
  });

  it('refuses score thresholds with A not above B', () => {
    const raw = { segmentation: { score: { thresholds: { A: 40, B: 60 } } } };
    expect(refusal(raw, 'segmentation.score.thresholds.B').message).toMatch(/A threshold above the B/);
  });

  it('reads how CSV exports write numbers, and refuses a thousands separator equal to the decimal sign', () => {
    const result = parseConfig({ csv: { decimal: ',' } }, 'test');
    expect(result.ok && result.config.csv).toEqual({ decimal: ',', thousands: 'auto' });
    expect(refusal({ csv: { decimal: ',', thousands: ',' } }, 'csv.thousands').message).toMatch(/other than the decimal sign/);
    expect(refusal({ csv: { decimal: ';' } }, 'csv.decimal').message).toBe('expected one of ., ,');
  });

  it('refuses an unknown key at the top level and names the allowed keys', () => {
    const error = refusal({ costz: { travelCost: 60 } }, 'costz');
    expect(error.message).toMatch(/^unknown key; allowed here: window, margin/);
  });

  it('refuses an unknown key inside a section', () => {
    expect(refusal({ costs: { travelCosts: 60 } }, 'costs.travelCosts').message).toMatch(/allowed here: hourlyRate, defaultMinutes/);
    expect(refusal({ costs: { defaultMinutes: { lunch: 60 } } }, 'costs.defaultMinutes.lunch').value).toBe(60);
  });

  it('refuses a bad cron expression and says why', () => {
    const error = refusal({ schedule: { full: '61 2 * * *' } }, 'schedule.full');
    expect(error.message).toMatch(/expected a cron expression .*61/);
  });

  it('refuses a time zone that does not exist', () => {
    expect(refusal({ schedule: { timezone: 'Europe/Atlantis' } }, 'schedule.timezone').message).toMatch(/IANA time zone/);
  });

  it('accepts UTC as a time zone', () => {
    expect(parseConfig({ schedule: { timezone: 'UTC' } }, 'test').ok).toBe(true);
  });

  it('names the touchpoint field with a bad channel', () => {
    const raw = { contacts: { schedule: { A: [{ name: 'fax', who: 'account_manager', layer: 'decision', channel: 'fax', everyDays: 30 }] } } };
    const error = refusal(raw, 'contacts.schedule.A.0.channel');
    expect(formatConfigErrors([error])).toBe('contacts.schedule.A.0.channel: got "fax" — expected one of visit, meeting, call, email');
  });

  it('reports a missing touchpoint field as nothing given', () => {
    const raw = { contacts: { schedule: { B: [{ name: 'visit', who: 'account_manager', channel: 'visit', everyDays: 60 }] } } };
    expect(formatConfigErrors([refusal(raw, 'contacts.schedule.B.0.layer')])).toMatch(/^contacts\.schedule\.B\.0\.layer: got nothing — expected one of decision/);
  });

  it('refuses a role that has no hourly rate', () => {
    const raw = { roles: { owners: { '1234': 'key_account' }, default: 'sales' } };
    expect(refusal(raw, 'roles.owners.1234').message).toMatch(/costs\.hourlyRate: default, account_manager/);
    expect(refusal(raw, 'roles.default').value).toBe('sales');
  });

  it('accepts a role whose rate the same file adds', () => {
    const result = parseConfig({ costs: { hourlyRate: { key_account: 95 } }, roles: { teams: { t1: 'key_account' } } }, 'test');
    expect(result.ok && result.config.roles.teams).toEqual({ t1: 'key_account' });
  });

  it('collects every refused value at once', () => {
    const raw = { window: { months: 0.5 }, margin: { defaultPct: 2 }, roles: { default: 'nobody' }, server: { port: 0 }, extra: 1 };
    expect(errorsOf(parseConfig(raw, 'test')).map((error) => error.path)).toEqual([
      'window.months', 'margin.defaultPct', 'server.port', 'extra', 'roles.default',
    ]);
  });

  it('keeps the default rates when a file adds a role', () => {
    const result = parseConfig({ costs: { hourlyRate: { key_account: 95 } } }, 'test');
    expect(result.ok && result.config.costs.hourlyRate).toEqual({ ...DEFAULT_MODEL_CONFIG.costs.hourlyRate, key_account: 95 });
  });

  it('replaces a segment touchpoint list and keeps the other segments', () => {
    const call = { name: 'call', who: 'inside_sales', layer: 'operational', channel: 'call', everyDays: 45 };
    const result = parseConfig({ contacts: { schedule: { B: [call] } } }, 'test');
    expect(result.ok && result.config.contacts.schedule).toEqual({ ...DEFAULT_MODEL_CONFIG.contacts.schedule, B: [call] });
  });

  it('keeps the defaults of a section left empty', () => {
    const result = parseConfig({ costs: null }, 'test');
    expect(result.ok && result.config.costs).toEqual(DEFAULT_MODEL_CONFIG.costs);
  });

  it('refuses a file that is not a mapping', () => {
    expect(formatConfigErrors(errorsOf(parseConfig(['costs'], 'test')))).toMatch(/^\(top level\): got \["costs"\] — expected a section/);
  });

  it('reads an unquoted portal id and API version as YAML gives them', () => {
    const result = parseConfig({ hubspot: { portalId: 12345678 }, salesforce: { apiVersion: 63 } }, 'test');
    expect(result.ok && [result.config.hubspot.portalId, result.config.salesforce.apiVersion]).toEqual(['12345678', '63.0']);
  });

  it('refuses score elements that are unknown or weigh nothing', () => {
    const raw = { segmentation: { score: { elements: [{ element: 'vibes', weight: 0 }] } } };
    expect(refusal(raw, 'segmentation.score.elements.0.element').message).toMatch(/expected one of revenue/);
    expect(refusal(raw, 'segmentation.score.elements.0.weight').message).toBe('expected a number > 0');
  });
});
