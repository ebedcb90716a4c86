// Zod schemas for the sObject rows the connector reads, as REST (JSON) or Bulk API 2.0 (CSV)
// delivers them. A row that does not parse becomes a SkippedRecord with the reasons.
import { z } from 'zod';
import { INPUT_FIELDS, type FieldNames } from '../setup/salesforce.fields.ts';
import { OVERRIDE_FIELD, OVERRIDE_REASON_FIELD } from './salesforce.objects.ts';
import { describeIssues, sfBoolean, sfId, sfInstant, sfNumber, sfRequiredInstant, sfText } from './salesforce.values.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const base = { Id: sfId, SystemModstamp: sfInstant, IsDeleted: sfBoolean };

const accountBase = z.object({
  ...base,
  Name: sfText,
  ParentId: sfText,
  Industry: sfText,
  NumberOfEmployees: sfNumber,
  AnnualRevenue: sfNumber,
  Type: sfText,
  OwnerId: sfText,
  CreatedDate: sfRequiredInstant,
  LastModifiedDate: sfInstant,
  [OVERRIDE_FIELD]: sfText,
  [OVERRIDE_REASON_FIELD]: sfText,
  [INPUT_FIELDS.overrideBy]: sfText,
  [INPUT_FIELDS.overrideExpires]: sfInstant,
  [INPUT_FIELDS.isReference]: sfBoolean,
  [INPUT_FIELDS.codevelopment]: sfBoolean,
  [INPUT_FIELDS.estimatedWallet]: sfNumber,
  [INPUT_FIELDS.satisfaction]: sfNumber,
});
export type AccountRow = z.output<typeof accountBase> & { referredBy?: string; influencedBy?: string };

const opportunityBase = z.object({ ...base, AccountId: sfText, Amount: sfNumber, CloseDate: sfInstant, CreatedDate: sfInstant, StageName: sfText, IsWon: sfBoolean, IsClosed: sfBoolean });
export type OpportunityRow = z.output<typeof opportunityBase> & { pipeline?: string };

const lineItemBase = z.object({ ...base, OpportunityId: sfText, Quantity: sfNumber, UnitPrice: sfNumber, TotalPrice: sfNumber, Discount: sfNumber });
export type LineItemRow = z.output<typeof lineItemBase> & { unitCost?: number };

const taskRow = z.object({ ...base, AccountId: sfText, OwnerId: sfText, ActivityDate: sfInstant, CreatedDate: sfInstant, TaskSubtype: sfText, Type: sfText, CallDurationInSeconds: sfNumber });
const eventRow = z.object({ ...base, AccountId: sfText, OwnerId: sfText, StartDateTime: sfInstant, ActivityDateTime: sfInstant, DurationInMinutes: sfNumber, Type: sfText });
const caseRow = z.object({ ...base, AccountId: sfText, OwnerId: sfText, CreatedDate: sfInstant });
export type TaskRow = z.output<typeof taskRow>;
export type EventRow = z.output<typeof eventRow>;
export type CaseRow = z.output<typeof caseRow>;

/** A field by API name, following a relationship path through REST's nested objects or Bulk's dotted columns. */
export function valueAt(raw: Record<string, unknown>, path: string): unknown {
  if (path in raw) return raw[path];
  let current: unknown = raw;
  for (const part of path.split('.')) current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[part] : undefined;
  return current;
}

function parse<S extends z.ZodType>(schema: S, raw: Record<string, unknown>, extra: Record<string, [string, z.ZodType]> = {}): Parsed<z.output<S> & Record<string, unknown>> {
  const result = schema.safeParse(raw);
  const problems: string[] = result.success ? [] : [describeIssues(result.error)];
  const added: Record<string, unknown> = {};
  for (const [key, [field, type]] of Object.entries(extra)) {
    const value = type.safeParse(valueAt(raw, field));
    if (value.success) added[key] = value.data;
    else problems.push(describeIssues(value.error).replace(/^record:/, `${field}:`));
  }
  if (problems.length > 0 || !result.success) return { ok: false, reason: problems.join('; ') };
  return { ok: true, value: { ...(result.data as object), ...added } as z.output<S> & Record<string, unknown> };
}

/** Row parsers bound to the configured field names. */
export function rowParsers(f: FieldNames) {
  return {
    account: (raw: Record<string, unknown>) => parse(accountBase, raw, { referredBy: [f.referralField, sfText], influencedBy: [f.influenceField, sfText] }) as Parsed<AccountRow>,
    opportunity: (raw: Record<string, unknown>) => parse(opportunityBase, raw, f.pipelineField ? { pipeline: [f.pipelineField, sfText] } : {}) as Parsed<OpportunityRow>,
    lineItem: (raw: Record<string, unknown>) => parse(lineItemBase, raw, { unitCost: [f.costField, sfNumber] }) as Parsed<LineItemRow>,
    task: (raw: Record<string, unknown>) => parse(taskRow, raw) as Parsed<TaskRow>,
    event: (raw: Record<string, unknown>) => parse(eventRow, raw) as Parsed<EventRow>,
    case: (raw: Record<string, unknown>) => parse(caseRow, raw) as Parsed<CaseRow>,
  };
}
export type RowParsers = ReturnType<typeof rowParsers>;

/** The Id of a raw row for a SkippedRecord, even when the row is otherwise unreadable. */
export function rawId(raw: Record<string, unknown>): string {
  return typeof raw.Id === 'string' && raw.Id !== '' ? raw.Id : '(no Id)';
}
