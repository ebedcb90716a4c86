// How people read the model's codes: picklist and enumeration labels in HubSpot and
// Salesforce (English), and the dashboard's words in English and Dutch. One list per
// language, so the CRMs and the dashboard agree and a new code cannot miss a translation.
import type { GoalKind, GoalProgress } from './goals.ts';
import type { Channel } from './model-config.ts';
import type { ContactLayer, Segment } from './records.ts';
import type { ActionCode, CostLine, PyramidLevel, ServiceFlag } from './results.ts';
import type { WhatIfOption } from './what-if.ts';

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The value elements a driver can name (explanation.ts), besides the cost lines. */
export type ValueElement = 'clv' | 'referral_value' | 'influence_value' | 'reference_value' | 'knowledge_value' | 'growth_potential';

export interface CodeLabels {
  segments: Record<Segment, string>;
  levels: Record<PyramidLevel, string>;
  flags: Record<ServiceFlag, string>;
  /** The action as a short label (picklists, the list's column). */
  actions: Record<ActionCode, string>;
  /** The action as advice, one sentence. */
  advice: Record<ActionCode, string>;
  costLines: Record<CostLine, string>;
  valueElements: Record<ValueElement, string>;
  /** Roles of the default config (costs.hourlyRate keys); others are spelled out from their code. */
  roles: Record<string, string>;
  layers: Record<ContactLayer, string>;
  channels: Record<Channel, string>;
  /** The default config's touchpoint names; a name of one's own is shown as written. */
  touchpoints: Record<string, string>;
  /** The what-if options for loss-makers (what-if.ts). */
  whatIfOptions: Record<WhatIfOption, string>;
  /** Customer goals: {from}, {to} (levels) and {segment} are filled in; `up` is {to} when a goal names none. */
  goals: Record<GoalKind | 'up', string>;
}

const en: CodeLabels = {
  segments: { A: 'A (most valuable)', B: 'B', C: 'C', D: 'D (costs more than it brings)' },
  levels: { top: 'Top', large: 'Large', medium: 'Medium', small: 'Small', inactive: 'Inactive', prospect: 'Prospect', suspect: 'Suspect' },
  flags: { ok: 'OK', over_served: 'Over-served', under_served: 'Under-served' },
  actions: {
    minimum_order_size: 'Set a minimum order size or order fee',
    revise_discount: 'Revise the discount',
    service_fee_or_self_service: 'Service fee or self-service',
    minimum_annual_revenue: 'Agree a minimum annual revenue',
    move_to_digital_or_part_ways: 'Move to digital service or part ways',
    reduce_effort: 'Reduce the effort',
    restore_contact: 'Restore the contact schedule',
    develop_cross_sell: 'Develop cross-sell',
    retain_and_involve_management: 'Retain and involve management',
    maintain: 'Maintain',
  },
  advice: {
    minimum_order_size: 'Set a minimum order size, or charge an order fee.',
    revise_discount: 'Revise the discount: it costs more than this customer brings.',
    service_fee_or_self_service: 'Charge a service fee, or move support to self-service.',
    minimum_annual_revenue: 'Agree a minimum annual revenue.',
    move_to_digital_or_part_ways: 'Serve this customer digitally only, or part ways decently.',
    reduce_effort: 'Reduce the effort to what this segment earns.',
    restore_contact: 'Restore the contact schedule: plan the late touchpoint now.',
    develop_cross_sell: 'Develop cross-sell: there is room in this customer’s wallet.',
    retain_and_involve_management: 'Retain this customer and involve management.',
    maintain: 'Maintain the current approach.',
  },
  costLines: {
    calls: 'Calls',
    meetings: 'Meetings',
    visits: 'Visits',
    emails: 'Emails',
    notes: 'Notes',
    tasks: 'Tasks',
    tickets: 'Tickets',
    travel: 'Travel',
    orderHandling: 'Order handling',
    discounts: 'Discounts',
  },
  valueElements: {
    clv: 'Customer lifetime value (CLV)',
    referral_value: 'Referrals',
    influence_value: 'Influence on others',
    reference_value: 'Reference customer',
    knowledge_value: 'Co-development',
    growth_potential: 'Weighted growth potential',
  },
  roles: {
    account_manager: 'Account manager',
    management: 'Management',
    inside_sales: 'Inside sales',
    customer_service: 'Customer service',
    sales: 'Sales',
    support: 'Support',
    default: 'Other roles',
  },
  layers: { decision: 'Decision makers', management: 'Management', operational: 'Operational staff' },
  channels: { visit: 'Visit', meeting: 'Meeting', call: 'Call', email: 'Email' },
  touchpoints: {
    'account visit': 'Account visit',
    'management meeting': 'Management meeting',
    'process review': 'Process review',
    'check-in call': 'Check-in call',
  },
  whatIfOptions: {
    minimum_order_size: 'Minimum order size',
    revised_discount: 'Revised discount',
    service_fee: 'Service fee',
    minimum_annual_revenue: 'Minimum annual revenue',
    digital_channel: 'Digital channel',
    part_ways: 'Part ways',
  },
  goals: {
    retention: 'Retain last year’s customers',
    developed: 'Develop {from} customers to {to}',
    max_d_customers: 'At most this many D customers',
    max_cost_ratio: 'Cost-to-serve ratio of segment {segment}',
    up: 'a higher level',
  },
};

const nl: CodeLabels = {
  segments: { A: 'A (meest waardevol)', B: 'B', C: 'C', D: 'D (kost meer dan het oplevert)' },
  levels: { top: 'Top', large: 'Groot', medium: 'Middelgroot', small: 'Klein', inactive: 'Inactief', prospect: 'Prospect', suspect: 'Suspect' },
  flags: { ok: 'OK', over_served: 'Te veel bediend', under_served: 'Te weinig bediend' },
  actions: {
    minimum_order_size: 'Minimale ordergrootte of orderkosten',
    revise_discount: 'Korting herzien',
    service_fee_or_self_service: 'Servicekosten of selfservice',
    minimum_annual_revenue: 'Minimale jaaromzet afspreken',
    move_to_digital_or_part_ways: 'Digitaal bedienen of afscheid nemen',
    reduce_effort: 'Inspanning verminderen',
    restore_contact: 'Contactschema herstellen',
    develop_cross_sell: 'Kruisverkoop ontwikkelen',
    retain_and_involve_management: 'Behouden en management betrekken',
    maintain: 'Aanpak aanhouden',
  },
  advice: {
    minimum_order_size: 'Stel een minimale ordergrootte in, of reken orderkosten.',
    revise_discount: 'Herzie de korting: die kost meer dan deze klant oplevert.',
    service_fee_or_self_service: 'Reken servicekosten, of verplaats de ondersteuning naar selfservice.',
    minimum_annual_revenue: 'Spreek een minimale jaaromzet af.',
    move_to_digital_or_part_ways: 'Bedien deze klant alleen nog digitaal, of neem netjes afscheid.',
    reduce_effort: 'Breng de inspanning terug tot wat dit segment oplevert.',
    restore_contact: 'Herstel het contactschema: plan het achterstallige contactmoment nu.',
    develop_cross_sell: 'Ontwikkel kruisverkoop: deze klant besteedt nog veel elders.',
    retain_and_involve_management: 'Behoud deze klant en betrek het management.',
    maintain: 'Houd de huidige aanpak aan.',
  },
  costLines: {
    calls: 'Telefoongesprekken',
    meetings: 'Afspraken',
    visits: 'Bezoeken',
    emails: 'E-mails',
    notes: 'Notities',
    tasks: 'Taken',
    tickets: 'Tickets',
    travel: 'Reiskosten',
    orderHandling: 'Orderverwerking',
    discounts: 'Kortingen',
  },
  valueElements: {
    clv: 'Klantwaarde over de looptijd (CLV)',
    referral_value: 'Doorverwijzingen',
    influence_value: 'Invloed op anderen',
    reference_value: 'Referentieklant',
    knowledge_value: 'Co-development',
    growth_potential: 'Gewogen groeipotentieel',
  },
  roles: {
    account_manager: 'Accountmanager',
    management: 'Directie',
    inside_sales: 'Binnendienst',
    customer_service: 'Klantenservice',
    sales: 'Verkoop',
    support: 'Support',
    default: 'Overige rollen',
  },
  layers: { decision: 'Beslissers', management: 'Management', operational: 'Uitvoerend niveau' },
  channels: { visit: 'Bezoek', meeting: 'Afspraak', call: 'Telefoon', email: 'E-mail' },
  touchpoints: {
    'account visit': 'Accountbezoek',
    'management meeting': 'Directieoverleg',
    'process review': 'Procesevaluatie',
    'check-in call': 'Belafspraak',
  },
  whatIfOptions: {
    minimum_order_size: 'Minimale ordergrootte',
    revised_discount: 'Korting herzien',
    service_fee: 'Servicekosten',
    minimum_annual_revenue: 'Minimale jaaromzet',
    digital_channel: 'Digitaal bedienen',
    part_ways: 'Afscheid nemen',
  },
  goals: {
    retention: 'Klanten van vorig jaar behouden',
    developed: 'Klanten van niveau {from} ontwikkelen naar {to}',
    max_d_customers: 'Hoogstens zoveel D-klanten',
    max_cost_ratio: 'Kostenratio van segment {segment}',
    up: 'een hoger niveau',
  },
};

export const LABELS: Record<Language, CodeLabels> = { en, nl };

// The CRMs' picklists speak English.
export const SEGMENT_LABELS = en.segments;
export const LEVEL_LABELS = en.levels;
export const FLAG_LABELS = en.flags;
export const ACTION_LABELS = en.actions;

/** "field_engineer" or "orderHandling" → "Field engineer" / "Order handling": a code nobody labelled, in words. */
export function spelledOut(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A role (Activity.ownerRole, Touchpoint.who) in words. */
export function roleLabel(role: string, language: Language): string {
  return Object.hasOwn(LABELS[language].roles, role) ? LABELS[language].roles[role]! : spelledOut(role);
}

/** A touchpoint's name: the default names translated, one's own as written (first letter up). */
export function touchpointLabel(name: string, language: Language): string {
  const known = LABELS[language].touchpoints;
  return Object.hasOwn(known, name) ? known[name]! : name.charAt(0).toUpperCase() + name.slice(1);
}

/** A customer goal in words: "Develop Medium customers to Large". */
export function goalLabel(goal: Pick<GoalProgress, 'kind' | 'from' | 'to' | 'segment'>, language: Language): string {
  const words = LABELS[language];
  return words.goals[goal.kind]
    .replace('{from}', goal.from ? words.levels[goal.from] : '')
    .replace('{to}', goal.to ? words.levels[goal.to] : words.goals.up)
    .replace('{segment}', goal.segment ?? '');
}
