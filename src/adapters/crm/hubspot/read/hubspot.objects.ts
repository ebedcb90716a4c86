// Which HubSpot objects feed which normalized records, and the properties read from each.
import type { ActivityType } from '../../../../domain/records.ts';
import type { ObjectType } from '../client/hubspot.paths.ts';

export const MODIFIED_AT = 'hs_lastmodifieddate';

export const COMPANY_PROPERTIES = [
  'name',
  'domain',
  'industry',
  'numberofemployees',
  'annualrevenue',
  'lifecyclestage',
  'hubspot_owner_id',
  'createdate',
  'hs_parent_company_id',
  'hs_merged_object_ids',
  MODIFIED_AT,
  'kw_is_reference',
  'kw_codevelopment',
  'kw_estimated_wallet',
  'kw_satisfaction',
  'kw_segment_override',
  'kw_segment_override_reason',
  'kw_segment_override_by',
  'kw_segment_override_expires',
];

/**
 * Survey responses (object feedback_submissions, read-only): the answer's value (0–10 for NPS),
 * the survey type (NPS, CSAT, CES, CUSTOM) and when it was submitted.
 */
export const SURVEY_PROPERTIES = ['hs_value', 'hs_survey_type', 'hs_submission_timestamp', MODIFIED_AT];

export const DEAL_PROPERTIES = ['amount', 'closedate', 'createdate', 'dealstage', 'pipeline', 'hs_is_closed_won', 'hs_is_closed', MODIFIED_AT];

export const LINE_ITEM_PROPERTIES = ['price', 'quantity', 'hs_cost_of_goods_sold', 'discount', 'hs_discount_percentage', MODIFIED_AT];

const OWNER = ['hubspot_owner_id', 'hubspot_team_id'];

/**
 * The task property holding the marker of a contact-schedule task Klantwaarde made (setup
 * creates it). Such a task is a reminder, not work done: the sync leaves it out of the
 * activities, so it neither costs time nor counts as contact.
 */
export const TASK_MARKER = 'kw_task_key';

export interface ActivityObject {
  objectType: ObjectType;
  /** The normalized type; meetings may still turn out to be visits (see the mapper). */
  type: ActivityType;
  properties: string[];
}

export const ACTIVITY_OBJECTS: readonly ActivityObject[] = [
  { objectType: 'calls', type: 'call', properties: ['hs_timestamp', 'hs_call_duration', ...OWNER, MODIFIED_AT] },
  {
    objectType: 'meetings',
    type: 'meeting',
    properties: ['hs_timestamp', 'hs_meeting_start_time', 'hs_meeting_end_time', 'hs_activity_type', ...OWNER, MODIFIED_AT],
  },
  { objectType: 'emails', type: 'email', properties: ['hs_timestamp', ...OWNER, MODIFIED_AT] },
  { objectType: 'notes', type: 'note', properties: ['hs_timestamp', ...OWNER, MODIFIED_AT] },
  { objectType: 'tasks', type: 'task', properties: ['hs_timestamp', ...OWNER, MODIFIED_AT, TASK_MARKER] },
  { objectType: 'tickets', type: 'ticket', properties: ['createdate', ...OWNER, MODIFIED_AT] },
];

/** Meeting types ("call and meeting type", hs_activity_type) that count as a visit. */
export const DEFAULT_VISIT_TYPES = ['visit', 'site visit', 'customer visit', 'bezoek', 'klantbezoek'];

/** Association type ids HubSpot uses for a record's primary company (deal→company 5, company→deal 6). */
export const PRIMARY_TYPE_IDS = new Set([5, 6]);

/** Objects whose last modification is tracked in the checkpoint, in the order they sync. */
export const SYNCED_OBJECTS: readonly ObjectType[] = ['companies', 'line_items', 'deals', ...ACTIVITY_OBJECTS.map((a) => a.objectType)];
