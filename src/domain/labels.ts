// How people read the model's codes: picklist and enumeration labels in HubSpot and
// Salesforce, and the dashboard's words. One list, so the CRMs and the dashboard agree.
import type { Segment } from './records.ts';
import type { ActionCode, PyramidLevel, ServiceFlag } from './results.ts';

export const SEGMENT_LABELS: Record<Segment, string> = { A: 'A (most valuable)', B: 'B', C: 'C', D: 'D (costs more than it brings)' };

export const LEVEL_LABELS: Record<PyramidLevel, string> = {
  top: 'Top',
  large: 'Large',
  medium: 'Medium',
  small: 'Small',
  inactive: 'Inactive',
  prospect: 'Prospect',
  suspect: 'Suspect',
};

export const FLAG_LABELS: Record<ServiceFlag, string> = { ok: 'OK', over_served: 'Over-served', under_served: 'Under-served' };

export const ACTION_LABELS: Record<ActionCode, string> = {
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
};
