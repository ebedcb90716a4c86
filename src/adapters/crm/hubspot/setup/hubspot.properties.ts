// The company properties of PRODUCT.md §4 as HubSpot property definitions, plus the
// override's author and expiry and the optional inputs reps may fill in.
import { ACTION_LABELS, FLAG_LABELS, LEVEL_LABELS, SEGMENT_LABELS } from '../../../../domain/labels.ts';
import { SEGMENTS } from '../../../../domain/records.ts';
import { ACTION_CODES, PYRAMID_LEVELS, SERVICE_FLAGS } from '../../../../domain/results.ts';

export const PROPERTY_GROUP = { name: 'klantwaarde', label: 'Customer value', displayOrder: -1 } as const;

export interface PropertyOption {
  value: string;
  label: string;
  displayOrder: number;
}

export interface PropertySpec {
  name: string;
  label: string;
  type: 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';
  fieldType: 'text' | 'textarea' | 'number' | 'select' | 'date' | 'booleancheckbox';
  description: string;
  options?: PropertyOption[];
  numberDisplayHint?: 'currency' | 'percentage';
  showCurrencySymbol?: boolean;
  /** Reps edit it in HubSpot; the others are written by Klantwaarde. */
  editable: boolean;
}

const WRITTEN =
  ' Written by Klantwaarde at each calculation; an edit in HubSpot is overwritten the next time (apps cannot make a property read-only).';

const options = (pairs: readonly (readonly [string, string])[]): PropertyOption[] => pairs.map(([value, label], i) => ({ value, label, displayOrder: i }));

const SEGMENT_OPTIONS = options(SEGMENTS.map((s) => [s, SEGMENT_LABELS[s]] as const));

const money = (name: string, label: string, meaning: string): PropertySpec => ({
  name,
  label,
  type: 'number',
  fieldType: 'number',
  numberDisplayHint: 'currency',
  showCurrencySymbol: true,
  description: `${meaning} In the account currency.${WRITTEN}`,
  editable: false,
});

const written = (spec: Omit<PropertySpec, 'editable'>): PropertySpec => ({ ...spec, description: `${spec.description}${WRITTEN}`, editable: false });

export const PROPERTY_SPECS: readonly PropertySpec[] = [
  written({ name: 'kw_segment', label: 'Segment', type: 'enumeration', fieldType: 'select', options: SEGMENT_OPTIONS, description: 'Effective segment: the override when one is active, else the computed segment.' }),
  written({ name: 'kw_segment_computed', label: 'Segment (computed)', type: 'enumeration', fieldType: 'select', options: SEGMENT_OPTIONS, description: 'The segment the value model gives.' }),
  { name: 'kw_segment_override', label: 'Segment override', type: 'enumeration', fieldType: 'select', options: SEGMENT_OPTIONS, description: 'Set by a rep or manager to overrule the computed segment. Needs a reason.', editable: true },
  { name: 'kw_segment_override_reason', label: 'Segment override reason', type: 'string', fieldType: 'textarea', description: 'Why the segment is overridden (mandatory with an override).', editable: true },
  { name: 'kw_segment_override_by', label: 'Segment override by', type: 'string', fieldType: 'text', description: 'Who set the override.', editable: true },
  { name: 'kw_segment_override_expires', label: 'Segment override expires', type: 'date', fieldType: 'date', description: 'The override stops counting after this date (empty: no end).', editable: true },
  written({ name: 'kw_pyramid_level', label: 'Customer pyramid level', type: 'enumeration', fieldType: 'select', options: options(PYRAMID_LEVELS.map((l) => [l, LEVEL_LABELS[l]] as const)), description: 'Level in the customer pyramid: top, large, medium, small, or inactive/prospect/suspect.' }),
  money('kw_revenue_12m', 'Revenue (12 months)', 'Won deal amounts in the window.'),
  money('kw_gross_margin_12m', 'Gross margin (12 months)', 'Revenue minus cost of goods in the window.'),
  money('kw_cost_to_serve_12m', 'Cost to serve (12 months)', 'Time, travel, order handling, tickets and discounts spent on this customer.'),
  money('kw_net_contribution_12m', 'Net contribution (12 months)', 'Gross margin minus cost to serve.'),
  money('kw_clv', 'Customer lifetime value', 'Net contribution as a margin multiple of the retention rate.'),
  money('kw_strategic_value', 'Strategic value', 'Referral, influence, reference and knowledge value.'),
  money('kw_total_value', 'Total value', 'Lifetime value plus strategic value plus weighted growth potential.'),
  money('kw_growth_potential', 'Growth potential', 'Margin still to win within the estimated wallet.'),
  written({ name: 'kw_share_of_wallet', label: 'Share of wallet', type: 'number', fieldType: 'number', numberDisplayHint: 'percentage', description: 'Revenue as a percentage of the estimated wallet (25 = 25%).' }),
  written({ name: 'kw_value_rank', label: 'Value rank', type: 'number', fieldType: 'number', description: 'Rank by total value among customers; 1 is the most valuable.' }),
  written({ name: 'kw_next_contact_date', label: 'Next contact date', type: 'date', fieldType: 'date', description: 'Earliest next due touchpoint of the contact schedule.' }),
  written({ name: 'kw_contact_overdue', label: 'Contact overdue', type: 'enumeration', fieldType: 'select', options: options([['yes', 'Yes'], ['no', 'No']]), description: 'Whether a touchpoint of the contact schedule is overdue.' }),
  written({ name: 'kw_contact_plan', label: 'Contact plan', type: 'string', fieldType: 'textarea', description: 'The contact schedule for this segment, readable.' }),
  written({ name: 'kw_service_flag', label: 'Service level', type: 'enumeration', fieldType: 'select', options: options(SERVICE_FLAGS.map((f) => [f, FLAG_LABELS[f]] as const)), description: 'Over-served when the cost-to-serve ratio exceeds the segment budget; under-served when an A/B touchpoint is long overdue.' }),
  written({ name: 'kw_recommended_action', label: 'Recommended action', type: 'enumeration', fieldType: 'select', options: options(ACTION_CODES.map((c) => [c, ACTION_LABELS[c]] as const)), description: 'What to do with this customer.' }),
  written({ name: 'kw_explanation', label: 'Value explanation', type: 'string', fieldType: 'textarea', description: 'The main drivers of the segment and value, in one sentence.' }),
  written({ name: 'kw_calculated_at', label: 'Value calculated at', type: 'datetime', fieldType: 'date', description: 'When this company was last computed.' }),
  // Inputs a rep may fill in; the value model reads them when present.
  { name: 'kw_is_reference', label: 'Reference customer', type: 'bool', fieldType: 'booleancheckbox', options: options([['true', 'Yes'], ['false', 'No']]), description: 'The customer acts as a reference (adds the reference bonus to its strategic value).', editable: true },
  { name: 'kw_codevelopment', label: 'Co-development partner', type: 'bool', fieldType: 'booleancheckbox', options: options([['true', 'Yes'], ['false', 'No']]), description: 'We develop products or knowledge together (adds the knowledge bonus).', editable: true },
  { name: 'kw_estimated_wallet', label: 'Estimated wallet', type: 'number', fieldType: 'number', numberDisplayHint: 'currency', showCurrencySymbol: true, description: 'What the customer spends in our category per year, as far as we know. Overrides the estimate per employee.', editable: true },
  { name: 'kw_satisfaction', label: 'Satisfaction', type: 'number', fieldType: 'number', description: 'Satisfaction grade the customer gave (e.g. 1–10).', editable: true },
];

/**
 * The one task property: the marker of each contact-schedule task Klantwaarde makes. In the
 * tasks' own group (custom groups are per object); hidden from forms.
 */
export const TASK_PROPERTY = {
  name: 'kw_task_key',
  label: 'Klantwaarde task key',
  type: 'string',
  fieldType: 'text',
  groupName: 'task_information',
  description: 'Set by Klantwaarde on the contact-schedule tasks it makes: how it knows them again. Leave it as it is.',
  formField: false,
} as const;
