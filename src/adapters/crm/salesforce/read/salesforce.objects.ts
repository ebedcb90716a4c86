// Which sObjects feed which normalized records, and the fields read from each.
import { INPUT_FIELDS, type FieldNames } from '../setup/salesforce.fields.ts';

export const SYNCED_OBJECTS = ['Account', 'Opportunity', 'OpportunityLineItem', 'Task', 'Event', 'Case'] as const;
export type SyncedObject = (typeof SYNCED_OBJECTS)[number];
export type ActivityObject = 'Task' | 'Event' | 'Case';
export const ACTIVITY_OBJECTS: readonly ActivityObject[] = ['Task', 'Event', 'Case'];

export const MODIFIED = 'SystemModstamp';
/** fieldName('segment_override') and fieldName('segment_override_reason'), spelled out for the types. */
export const OVERRIDE_FIELD = 'KW_Segment_Override__c';
export const OVERRIDE_REASON_FIELD = 'KW_Segment_Override_Reason__c';

/** Child relationship of the line items on Opportunity (for the subquery). */
export const LINE_ITEMS_RELATIONSHIP = 'OpportunityLineItems';

const COMMON = ['Id', MODIFIED, 'IsDeleted'];

export function accountFields(f: FieldNames): string[] {
  return [
    ...COMMON, 'Name', 'ParentId', 'Industry', 'NumberOfEmployees', 'AnnualRevenue', 'Type', 'OwnerId', 'CreatedDate', 'LastModifiedDate',
    f.referralField, f.influenceField, OVERRIDE_FIELD, OVERRIDE_REASON_FIELD, ...Object.values(INPUT_FIELDS),
  ];
}

export function opportunityFields(f: FieldNames): string[] {
  return [...COMMON, 'AccountId', 'Amount', 'CloseDate', 'CreatedDate', 'StageName', 'IsWon', 'IsClosed', ...(f.pipelineField ? [f.pipelineField] : [])];
}

export function lineItemFields(f: FieldNames): string[] {
  return [...COMMON, 'OpportunityId', 'Quantity', 'UnitPrice', 'TotalPrice', 'Discount', f.costField];
}

/**
 * Tasks: calls (TaskSubtype 'Call', CallDurationInSeconds), emails (TaskSubtype 'Email' or
 * 'ListEmail'), notes (Type in noteTypes) and other tasks. Events: meetings, or visits when their
 * Type is one of visitTypes. Cases: tickets. Every one belongs to an account through AccountId.
 */
export const ACTIVITY_FIELDS: Record<ActivityObject, readonly string[]> = {
  Task: [...COMMON, 'AccountId', 'OwnerId', 'ActivityDate', 'CreatedDate', 'TaskSubtype', 'Type', 'CallDurationInSeconds'],
  Event: [...COMMON, 'AccountId', 'OwnerId', 'StartDateTime', 'ActivityDateTime', 'DurationInMinutes', 'Type'],
  Case: [...COMMON, 'AccountId', 'OwnerId', 'CreatedDate'],
};

/**
 * The Task field holding the marker of a contact-schedule task Klantwaarde made (an Activity
 * custom field: setup creates it). Read only when tasks are on, since orgs set up before have
 * no such field; such a task is a reminder, not work done, and is left out of the activities.
 */
export const TASK_KEY_FIELD = 'KW_Task_Key__c';

/** The fields read of an activity object; with `ownTasks`, a Task's marker too. */
export function activityFields(object: ActivityObject, ownTasks: boolean): readonly string[] {
  return object === 'Task' && ownTasks ? [...ACTIVITY_FIELDS.Task, TASK_KEY_FIELD] : ACTIVITY_FIELDS[object];
}

/** Event types (the Type picklist) that count as a visit; compared without case. */
export const DEFAULT_VISIT_TYPES = ['visit', 'site visit', 'customer visit', 'bezoek', 'klantbezoek'];
/** Task types that count as a note (Salesforce has no note activity; orgs add a Type value). */
export const DEFAULT_NOTE_TYPES = ['note', 'notitie'];
