// The one schema of klantwaarde.config.yaml / .json: the value model (PRODUCT.md §3) plus the
// operational keys. Parsing lays the file over the defaults, then refuses anything not allowed.
import { z } from 'zod';
import type { ValueModelConfig } from '../domain/model-config.ts';
import { CHANNELS, SCORE_ELEMENTS } from '../domain/model-config.ts';
import { ACTIVITY_TYPES, CONTACT_LAYERS, SEGMENTS } from '../domain/records.ts';
import { LEVEL_HEIGHT } from '../domain/pyramid.ts';
import { PYRAMID_LEVELS } from '../domain/results.ts';
import { withDeprecatedAliases } from './config-deprecations.ts';
import { LANGUAGES } from '../domain/labels.ts';
import { withDefaults } from './config.defaults.ts';
import {
  cronExpression, flag, fraction, intBetween, money, named, namedWithDefault, numberBetween, oneOf, perKey,
  positiveInt, positiveNumber, section, text, timeZone,
} from './config.fields.ts';

const touchpoint = section({
  name: text(),
  who: text('a role, e.g. account_manager'),
  layer: oneOf(CONTACT_LAYERS),
  channel: oneOf(CHANNELS),
  everyDays: positiveInt(),
});

const touchpoints = z.array(touchpoint, { error: 'expected a list of touchpoints (or [] for none)' });

const scoreElements = z
  .array(section({ element: oneOf(SCORE_ELEMENTS), weight: positiveNumber() }), { error: 'expected a list of { element, weight }' })
  .min(1, { error: 'expected at least one score element' })
  .refine((list) => new Set(list.map((item) => item.element)).size === list.length, { error: 'expected each element at most once' });

const pareto = section({ a: fraction(), b: fraction() }).refine((p) => p.a < p.b, {
  error: 'expected a < b (A reaches share a of the value, B share b)',
  path: ['b'],
});

const thresholds = section({ A: numberBetween(0, 100), B: numberBetween(0, 100) }).refine((t) => t.A > t.B, {
  error: 'expected the A threshold above the B threshold',
  path: ['B'],
});

const developmentGoal = section({
  from: oneOf(PYRAMID_LEVELS),
  to: oneOf(PYRAMID_LEVELS).optional(),
  count: positiveInt().optional(),
  share: fraction().optional(),
})
  .refine((g) => (g.count === undefined) !== (g.share === undefined), { error: 'expected either count (how many) or share (of the companies at `from`), not both and not neither' })
  .refine((g) => g.to === undefined || LEVEL_HEIGHT[g.to] > LEVEL_HEIGHT[g.from], {
    error: `expected \`to\` above \`from\` on the pyramid (low to high: ${Object.keys(LEVEL_HEIGHT).join(', ')})`,
    path: ['to'],
  });

const goals = section({
  retention: fraction(),
  developed: z.array(developmentGoal, { error: 'expected a list of { from, to, count | share } (or [] for none)' }),
  maxDCustomers: intBetween(0, 10_000_000).optional(),
  maxCostRatio: perKey(SEGMENTS, fraction().optional()),
});

const valueModel = {
  window: section({ months: positiveInt() }),
  margin: section({ defaultPct: fraction(), pipelines: named(fraction()) }),
  retention: section({ years: positiveInt(), max: fraction(), default: fraction() }),
  clv: section({ discountRate: fraction() }),
  wallet: section({ perEmployee: namedWithDefault(money()), preferredSupplierCap: fraction() }),
  strategic: section({
    referralShare: fraction(),
    influenceShare: fraction(),
    parentInfluence: flag(),
    referenceBonus: money(),
    knowledgeBonus: money(),
  }),
  weights: section({ potential: fraction() }),
  costs: section({
    hourlyRate: namedWithDefault(money()),
    defaultMinutes: perKey(ACTIVITY_TYPES, positiveInt()),
    travelCost: money(),
    orderHandling: money(),
    ticketCost: money(),
  }),
  segmentation: section({
    method: oneOf(['pareto', 'score']),
    pareto,
    score: section({ elements: scoreElements, thresholds }),
  }),
  pyramid: section({ topShare: fraction() }),
  contacts: section({ schedule: perKey(SEGMENTS, touchpoints) }),
  service: section({ maxCostRatio: perKey(SEGMENTS, fraction()) }),
  scenarios: section({
    minimumOrder: section({ value: money() }),
    discount: section({ maxShare: fraction() }),
    serviceFee: section({ perOrder: money(), perVisit: money(), perTicket: money() }),
    minimumAnnualRevenue: section({ amount: money(), liftFrom: fraction() }),
    digital: section({ role: text('a role'), callsPerContact: intBetween(0, 10), emailsPerContact: intBetween(0, 10) }),
  }),
  actions: section({ minOrderValue: money(), maxDiscountShare: fraction(), minAnnualRevenue: money(), lowSatisfaction: numberBetween(0, 10) }),
  goals,
};

/** YAML reads `62.0` as the number 62, so a whole number is taken as that version. */
const apiVersion = z
  .union([z.string().regex(/^\d+\.0$/), z.number().int().positive().transform((n) => `${n}.0`)], {
    error: 'expected a Salesforce API version like "62.0"',
  });

/** A HubSpot account id is digits; YAML reads an unquoted one as a number. */
const portalId = z
  .union([z.string().regex(/^\d+$/), z.number().int().positive().transform(String)], { error: 'expected the HubSpot account id (digits)' })
  .optional();

const salesforceField = () => z.string().regex(/^[A-Za-z]\w*$/, { error: 'expected a Salesforce field API name like Cost__c' });

/** Where satisfaction comes from in Salesforce: an Account field, or a survey-response object. */
const salesforceSatisfaction = section({
  field: salesforceField().optional(),
  object: z.string().regex(/^[A-Za-z]\w*$/, { error: 'expected an object API name like SurveyResponse__c' }).optional(),
  accountField: salesforceField().optional(),
  scoreField: salesforceField().optional(),
  dateField: salesforceField().optional(),
})
  .refine(
    (s) => {
      const survey = [s.object, s.accountField, s.scoreField, s.dateField];
      return s.field !== undefined ? survey.every((v) => v === undefined) : survey.every((v) => v !== undefined);
    },
    { error: 'expected either { field } (an Account field with the grade) or { object, accountField, scoreField, dateField } (one row per survey response)' },
  )
  .optional();

const operational = {
  schedule: section({ full: cronExpression(), incremental: cronExpression(), timezone: timeZone() }),
  roles: section({ owners: named(text('a role')), teams: named(text('a role')), default: text('a role') }),
  hubspot: section({
    rateLimit: intBetween(1, 1000),
    batchSize: intBetween(1, 100),
    portalId,
    searchPageSize: intBetween(1, 200),
    associationLabels: section({ referral: text('an association label'), influence: text('an association label') }),
    surveyTypes: z.array(text('a survey type, e.g. NPS'), { error: 'expected a list of survey types, e.g. [NPS] (or [] for none)' }),
  }),
  salesforce: section({
    apiVersion,
    bulkThreshold: positiveInt(),
    dailyApiShare: fraction(),
    costField: salesforceField(),
    referralField: salesforceField(),
    influenceField: salesforceField(),
    satisfaction: salesforceSatisfaction,
  }),
  csv: section({
    decimal: oneOf(['.', ',']),
    thousands: oneOf(['auto', 'none', '.', ',', ' ']),
  }).refine((c) => c.thousands !== c.decimal, { error: 'expected a thousands separator other than the decimal sign', path: ['thousands'] }),
  server: section({ port: intBetween(1, 65535) }),
  tasks: section({ enabled: flag(), leadDays: intBetween(0, 365) }),
  queue: section({ leaseSeconds: intBetween(10, 3600), heartbeatSeconds: intBetween(10, 600) }),
  scale: section({ sharded: flag(), shardSize: intBetween(100, 1_000_000), shardLeaseSeconds: intBetween(30, 86_400), shardAttempts: intBetween(1, 10) }),
  locale: oneOf(LANGUAGES),
};

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Every role in `roles` must have an hourly rate, or be `default`; checked even when other keys are bad. */
function checkRolesHaveRates(config: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  const rates = asRecord(asRecord(asRecord(config)?.['costs'])?.['hourlyRate']);
  const roles = asRecord(asRecord(config)?.['roles']) ?? {};
  if (!rates) return;
  const known = new Set(['default', ...Object.keys(rates)]);
  const message = `expected a role with a rate in costs.hourlyRate: ${[...known].join(', ')}`;
  const refuse = (path: string[], role: unknown) => {
    if (typeof role === 'string' && !known.has(role.trim())) ctx.addIssue({ code: 'custom', path, input: role, message });
  };
  refuse(['roles', 'default'], roles['default']);
  refuse(['scenarios', 'digital', 'role'], asRecord(asRecord(asRecord(config)?.['scenarios'])?.['digital'])?.['role']);
  for (const group of ['owners', 'teams']) {
    for (const [id, role] of Object.entries(asRecord(roles[group]) ?? {})) refuse(['roles', group, id], role);
  }
}

const fileSchema = section({ ...valueModel, ...operational }).superRefine(checkRolesHaveRates, { when: () => true });

/**
 * The keys beyond the value model: when sync runs, who has which rate, how the CRMs are called.
 * `schedule` is both: the model reads its time zone, the scheduler the rest.
 */
export type OperationalConfig = Omit<z.output<typeof fileSchema>, Exclude<keyof ValueModelConfig, 'schedule'>>;
export type KlantwaardeConfig = ValueModelConfig & OperationalConfig;

/** The config file's schema: give it the parsed YAML/JSON (or `{}`) and it returns the effective config. */
export const configSchema = z.preprocess((raw) => withDefaults(withDeprecatedAliases(raw)), fileSchema);

// Compile-time check: what the schema returns is what the engine and the rest of the app read.
type Parsed = z.output<typeof configSchema>;
type ParsedIsConfig = Parsed extends KlantwaardeConfig ? (Parsed extends ValueModelConfig ? true : never) : never;
const _parsedIsConfig: ParsedIsConfig = true;
