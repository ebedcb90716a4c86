// The Account fields of PRODUCT.md §4 as Salesforce custom fields (KW_…__c), the inputs reps
// fill in, and the configurable lookup and cost fields; how a result value becomes a field value.
import { PROPERTY_NAMES, type PropertyName } from '../../../../domain/crm-properties.ts';
import { SEGMENTS } from '../../../../domain/records.ts';
import { ACTION_CODES, PYRAMID_LEVELS, SERVICE_FLAGS } from '../../../../domain/results.ts';
import { ACTION_LABELS, FLAG_LABELS, LEVEL_LABELS, SEGMENT_LABELS } from '../../../../domain/labels.ts';

export type FieldType = 'Picklist' | 'Currency' | 'Percent' | 'Number' | 'Date' | 'DateTime' | 'Checkbox' | 'Text' | 'LongTextArea' | 'Lookup';

export interface FieldSpec {
  /** Object.Field, as the Metadata API names it. */
  fullName: string;
  label: string;
  type: FieldType;
  description: string;
  /** Reps edit it (the user permission set grants edit); the others only Klantwaarde writes. */
  editable: boolean;
  precision?: number;
  scale?: number;
  length?: number;
  visibleLines?: number;
  /** Restricted picklist values, in order. */
  values?: readonly { value: string; label: string }[];
  referenceTo?: string;
  relationshipName?: string;
}

/** The configurable field names (config salesforce.*Field). */
export interface FieldNames {
  /** Unit cost of goods on OpportunityLineItem. */
  costField: string;
  /** Lookup(Account) on Account: the account that referred this one. */
  referralField: string;
  /** Lookup(Account) on Account: the account that influences this one's spend. */
  influenceField: string;
  /** Opportunity field read as the deal's pipeline (e.g. a record type's DeveloperName); none by default. */
  pipelineField?: string;
}

export const DEFAULT_FIELD_NAMES: FieldNames = { costField: 'Cost__c', referralField: 'Referred_By__c', influenceField: 'Influenced_By__c' };

/** kw_segment_computed → KW_Segment_Computed__c. */
export function fieldName(property: string): string {
  const words = property.replace(/^kw_/, '').split('_').map((w) => (w === 'clv' ? 'CLV' : w.charAt(0).toUpperCase() + w.slice(1)));
  return `KW_${words.join('_')}__c`;
}

/** Inputs reps may fill in on the account; the value model reads them when present. */
export const INPUT_FIELDS = {
  overrideBy: 'KW_Segment_Override_By__c',
  overrideExpires: 'KW_Segment_Override_Expires__c',
  isReference: 'KW_Is_Reference__c',
  codevelopment: 'KW_Codevelopment__c',
  estimatedWallet: 'KW_Estimated_Wallet__c',
  satisfaction: 'KW_Satisfaction__c',
} as const;

const WRITTEN = ' Written by Klantwaarde at each calculation; an edit here is overwritten the next time.';
const options = (codes: readonly string[], labels: Record<string, string>) => codes.map((value) => ({ value, label: labels[value] ?? value }));
const account = (name: string) => `Account.${name}`;

type Shape = Omit<FieldSpec, 'fullName' | 'editable' | 'description'> & { description: string };
const SHAPES: Record<PropertyName, Shape> = {
  segment: { label: 'Segment', type: 'Picklist', values: options(SEGMENTS, SEGMENT_LABELS), description: 'Effective segment: the override when one is active, else the computed segment.' },
  segment_computed: { label: 'Segment (computed)', type: 'Picklist', values: options(SEGMENTS, SEGMENT_LABELS), description: 'The segment the value model gives.' },
  segment_override: { label: 'Segment override', type: 'Picklist', values: options(SEGMENTS, SEGMENT_LABELS), description: 'Set by a rep or manager to overrule the computed segment. Needs a reason.' },
  segment_override_reason: { label: 'Segment override reason', type: 'Text', length: 255, description: 'Why the segment is overridden (mandatory with an override).' },
  pyramid_level: { label: 'Customer pyramid level', type: 'Picklist', values: options(PYRAMID_LEVELS, LEVEL_LABELS), description: 'Level in the customer pyramid: top, large, medium, small, or inactive/prospect/suspect.' },
  revenue_12m: money('Revenue (12 months)', 'Won opportunity amounts in the window.'),
  gross_margin_12m: money('Gross margin (12 months)', 'Revenue minus cost of goods in the window.'),
  cost_to_serve_12m: money('Cost to serve (12 months)', 'Time, travel, order handling, cases and discounts spent on this customer.'),
  net_contribution_12m: money('Net contribution (12 months)', 'Gross margin minus cost to serve.'),
  clv: money('Customer lifetime value', 'Net contribution as a margin multiple of the retention rate.'),
  strategic_value: money('Strategic value', 'Referral, influence, reference and knowledge value.'),
  total_value: money('Total value', 'Lifetime value plus strategic value plus weighted growth potential.'),
  growth_potential: money('Growth potential', 'Margin still to win within the estimated wallet.'),
  share_of_wallet: { label: 'Share of wallet', type: 'Percent', precision: 18, scale: 2, description: 'Revenue as a percentage of the estimated wallet.' },
  value_rank: { label: 'Value rank', type: 'Number', precision: 18, scale: 0, description: 'Rank by total value among customers; 1 is the most valuable.' },
  next_contact_date: { label: 'Next contact date', type: 'Date', description: 'Earliest next due touchpoint of the contact schedule.' },
  contact_overdue: { label: 'Contact overdue', type: 'Checkbox', description: 'Whether a touchpoint of the contact schedule is overdue.' },
  contact_plan: { label: 'Contact plan', type: 'LongTextArea', length: 32768, visibleLines: 5, description: 'The contact schedule for this segment, readable.' },
  service_flag: { label: 'Service level', type: 'Picklist', values: options(SERVICE_FLAGS, FLAG_LABELS), description: 'Over-served when the cost-to-serve ratio exceeds the segment budget; under-served when an A/B touchpoint is long overdue.' },
  recommended_action: { label: 'Recommended action', type: 'Picklist', values: options(ACTION_CODES, ACTION_LABELS), description: 'What to do with this customer.' },
  explanation: { label: 'Value explanation', type: 'LongTextArea', length: 32768, visibleLines: 3, description: 'The main drivers of the segment and value, in one sentence.' },
  calculated_at: { label: 'Value calculated at', type: 'DateTime', description: 'When this account was last computed.' },
};

function money(label: string, meaning: string): Shape {
  return { label, type: 'Currency', precision: 18, scale: 2, description: `${meaning} In the account currency.` };
}

const EDITABLE = new Set<string>(['segment_override', 'segment_override_reason']);

/** One field per property of §4, in PROPERTY_NAMES order. */
export const RESULT_FIELDS: readonly (FieldSpec & { property: PropertyName })[] = PROPERTY_NAMES.map((property) => {
  const { description, ...shape } = SHAPES[property];
  const editable = EDITABLE.has(property);
  return { property, fullName: account(fieldName(property)), ...shape, editable, description: editable ? description : `${description}${WRITTEN}` };
});

export const INPUT_FIELD_SPECS: readonly FieldSpec[] = [
  { fullName: account(INPUT_FIELDS.overrideBy), label: 'Segment override by', type: 'Text', length: 80, editable: true, description: 'Who set the override.' },
  { fullName: account(INPUT_FIELDS.overrideExpires), label: 'Segment override expires', type: 'Date', editable: true, description: 'The override stops counting after this date (empty: no end).' },
  { fullName: account(INPUT_FIELDS.isReference), label: 'Reference customer', type: 'Checkbox', editable: true, description: 'The customer acts as a reference (adds the reference bonus to its strategic value).' },
  { fullName: account(INPUT_FIELDS.codevelopment), label: 'Co-development partner', type: 'Checkbox', editable: true, description: 'We develop products or knowledge together (adds the knowledge bonus).' },
  { fullName: account(INPUT_FIELDS.estimatedWallet), label: 'Estimated wallet', type: 'Currency', precision: 18, scale: 2, editable: true, description: 'What the customer spends in our category per year, as far as we know. Overrides the estimate per employee.' },
  { fullName: account(INPUT_FIELDS.satisfaction), label: 'Satisfaction', type: 'Number', precision: 4, scale: 1, editable: true, description: 'Satisfaction grade the customer gave (e.g. 1-10).' },
];

/** The lookup and cost fields under their configured names (created only when missing). */
export function configurableFieldSpecs(names: FieldNames): FieldSpec[] {
  return [
    { fullName: account(names.referralField), label: 'Referred by', type: 'Lookup', referenceTo: 'Account', relationshipName: 'KW_Referred_Accounts', editable: true, description: 'The account that brought this one in (its referral value grows with this account\'s margin).' },
    { fullName: account(names.influenceField), label: 'Influenced by', type: 'Lookup', referenceTo: 'Account', relationshipName: 'KW_Influenced_Accounts', editable: true, description: 'The account that influences what this one buys (a buying group, an association chairman, a franchisor).' },
    { fullName: `OpportunityLineItem.${names.costField}`, label: 'Unit cost', type: 'Currency', precision: 18, scale: 2, editable: true, description: 'Cost of goods per unit; the opportunity\'s cost is quantity times unit cost over its products.' },
  ];
}

/**
 * The marker of the contact-schedule tasks Klantwaarde makes (tasks.enabled): a custom field of
 * Activity, so Tasks have it (read and written as Task.KW_Task_Key__c).
 */
export const TASK_KEY_FIELD_SPEC: FieldSpec = {
  fullName: 'Activity.KW_Task_Key__c',
  label: 'Klantwaarde task key',
  type: 'Text',
  length: 255,
  editable: false,
  description: 'Set by Klantwaarde on the contact-schedule tasks it makes: how it knows them again. Leave it as it is.',
};

export function allFieldSpecs(names: FieldNames): FieldSpec[] {
  return [...RESULT_FIELDS, ...INPUT_FIELD_SPECS, ...configurableFieldSpecs(names), TASK_KEY_FIELD_SPEC];
}

const BY_PROPERTY = new Map(RESULT_FIELDS.map((f) => [f.property as string, f]));

/** A property value (a string as CRMs store it, or null) as the JSON value the field takes. */
export function fieldValue(property: string, value: string | null): string | number | boolean | null {
  const spec = BY_PROPERTY.get(property.replace(/^kw_/, ''));
  if (spec?.type === 'Checkbox') return value === 'yes' || value === 'true';
  if (value === null) return null;
  if (spec && (spec.type === 'Currency' || spec.type === 'Percent' || spec.type === 'Number')) {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return value;
}
