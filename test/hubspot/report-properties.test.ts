// The property design checked against the reports a manager builds in HubSpot's report
// builder (README, "Reports for managers"): every property a report groups, filters or sums
// by is an enumeration, a number, a date or a datetime — never free text.
import { describe, expect, it } from 'vitest';
import { PROPERTY_SPECS } from '../../src/adapters/crm/hubspot/setup/hubspot.properties.ts';
import { PROPERTY_NAMES } from '../../src/domain/crm-properties.ts';
import { SEGMENTS } from '../../src/domain/records.ts';
import { SERVICE_FLAGS } from '../../src/domain/results.ts';

const spec = (name: string) => {
  const found = PROPERTY_SPECS.find((p) => p.name === name);
  if (!found) throw new Error(`no property ${name}`);
  return found;
};

/** Each README report: what it groups by, filters on and sums. */
const REPORTS = {
  'Segment distribution': { groupBy: ['kw_segment'], filter: [], sum: ['kw_total_value'] },
  'Net contribution per segment': { groupBy: ['kw_segment'], filter: [], sum: ['kw_net_contribution_12m', 'kw_cost_to_serve_12m', 'kw_revenue_12m'] },
  'Overdue contacts per owner': { groupBy: ['kw_segment'], filter: ['kw_contact_overdue', 'kw_next_contact_date'], sum: [] },
  'Over-served customers per owner': { groupBy: ['kw_segment'], filter: ['kw_service_flag'], sum: ['kw_cost_to_serve_12m'] },
  'Overrides and why': { groupBy: ['kw_segment_override', 'kw_segment_computed'], filter: ['kw_segment_override_expires'], sum: [] },
  'Pyramid and actions': { groupBy: ['kw_pyramid_level', 'kw_recommended_action'], filter: ['kw_calculated_at'], sum: ['kw_value_rank'] },
} as const;

/** Descriptive text, shown on the record, never grouped or summed. */
const TEXT = new Set(['kw_contact_plan', 'kw_explanation', 'kw_segment_override_reason', 'kw_segment_override_by']);

describe('the properties a manager reports on', () => {
  it('are enumerations to group by, numbers to sum, dates and datetimes to filter on', () => {
    for (const [report, use] of Object.entries(REPORTS)) {
      for (const name of use.groupBy) expect(spec(name).type, `${report}: group by ${name}`).toBe('enumeration');
      for (const name of use.sum) expect(spec(name).type, `${report}: sum ${name}`).toBe('number');
      for (const name of use.filter) expect(['enumeration', 'date', 'datetime'], `${report}: filter on ${name}`).toContain(spec(name).type);
    }
  });

  it('leaves no written property as free text except the readable plan and explanation', () => {
    for (const name of PROPERTY_NAMES.map((n) => `kw_${n}`)) {
      const { type } = spec(name);
      if (TEXT.has(name)) expect(type, name).toBe('string');
      else expect(['enumeration', 'number', 'date', 'datetime'], name).toContain(type);
    }
  });

  it('offers every segment and service flag as an option, so a report shows empty groups too', () => {
    expect(spec('kw_segment').options!.map((o) => o.value)).toEqual([...SEGMENTS]);
    expect(spec('kw_service_flag').options!.map((o) => o.value)).toEqual([...SERVICE_FLAGS]);
    expect(spec('kw_contact_overdue').options!.map((o) => o.value)).toEqual(['yes', 'no']);
  });

  it('shows money as currency and share of wallet as a percentage', () => {
    for (const name of ['kw_revenue_12m', 'kw_gross_margin_12m', 'kw_cost_to_serve_12m', 'kw_net_contribution_12m', 'kw_clv', 'kw_strategic_value', 'kw_total_value']) {
      expect(spec(name).numberDisplayHint, name).toBe('currency');
    }
    expect(spec('kw_share_of_wallet').numberDisplayHint).toBe('percentage');
  });
});
