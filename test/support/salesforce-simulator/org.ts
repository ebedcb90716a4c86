// Everything the simulated org holds: records per sObject (with SystemModstamp, IsDeleted and
// field history of the override), field definitions (standard, and custom ones from the
// Metadata API), permission sets, the tokens it accepts and its daily API allowance.

export type SimRecord = Record<string, unknown> & { Id: string; IsDeleted: boolean; SystemModstamp: string };
export type FieldType = 'Id' | 'Text' | 'Number' | 'Currency' | 'Percent' | 'Date' | 'DateTime' | 'Checkbox' | 'Picklist' | 'LongTextArea' | 'Lookup';

const SYSTEM: Record<string, FieldType> = { Id: 'Id', IsDeleted: 'Checkbox', SystemModstamp: 'DateTime', CreatedDate: 'DateTime', LastModifiedDate: 'DateTime' };
const STANDARD: Record<string, Record<string, FieldType>> = {
  Account: { Name: 'Text', ParentId: 'Id', Industry: 'Text', NumberOfEmployees: 'Number', AnnualRevenue: 'Currency', Type: 'Text', OwnerId: 'Id', MasterRecordId: 'Id' },
  Opportunity: { AccountId: 'Id', Name: 'Text', Amount: 'Currency', CloseDate: 'Date', StageName: 'Text', IsWon: 'Checkbox', IsClosed: 'Checkbox', OwnerId: 'Id', Type: 'Text' },
  OpportunityLineItem: { OpportunityId: 'Id', Quantity: 'Number', UnitPrice: 'Currency', TotalPrice: 'Currency', Discount: 'Percent' },
  Task: {
    AccountId: 'Id', WhatId: 'Id', OwnerId: 'Id', Subject: 'Text', ActivityDate: 'Date', TaskSubtype: 'Text', Type: 'Text', CallDurationInSeconds: 'Number',
    Status: 'Text', IsClosed: 'Checkbox', Priority: 'Text', Description: 'LongTextArea',
  },
  Event: { AccountId: 'Id', OwnerId: 'Id', Subject: 'Text', StartDateTime: 'DateTime', ActivityDateTime: 'DateTime', DurationInMinutes: 'Number', Type: 'Text' },
  Case: { AccountId: 'Id', OwnerId: 'Id', Subject: 'Text' },
  AccountHistory: { AccountId: 'Id', Field: 'Text', OldValue: 'Text', NewValue: 'Text' },
  Organization: { Name: 'Text' },
  User: { FirstName: 'Text', LastName: 'Text', IsActive: 'Checkbox' },
};
/** Parent relationship name → the Id field that holds it (for "Opportunity.AccountId"). */
export const RELATIONSHIPS: Record<string, string> = { Opportunity: 'OpportunityId', Account: 'AccountId', Parent: 'ParentId' };
/** Child relationship name → child object and the field pointing back. */
export const CHILD_RELATIONSHIPS: Record<string, { object: string; field: string }> = { OpportunityLineItems: { object: 'OpportunityLineItem', field: 'OpportunityId' } };

export interface CustomFieldDef {
  fullName: string;
  type: string;
  label?: string;
  /** The whole definition as the Metadata API took it (read back as is). */
  metadata: Record<string, unknown>;
  picklist?: Set<string>;
}

export const TRACKED_HISTORY = new Set(['KW_Segment_Override__c']);

/** The org's closed task status (the default TaskStatus picklist has one: Completed). */
export const isClosedStatus = (status: unknown) => status === 'Completed';

export class SimulatedOrg {
  readonly orgId: string;
  readonly tables = new Map<string, Map<string, SimRecord>>();
  readonly customFields = new Map<string, CustomFieldDef>();
  readonly metadata = new Map<string, Map<string, Record<string, unknown>>>();
  /** Access tokens the API accepts; empty means any bearer token. */
  readonly accessTokens = new Set<string>();
  readonly refreshTokens = new Map<string, string>();
  readonly codes = new Set<string>();
  private tick = 0;
  private sequence = 0;
  /** Added to the wall clock: tests move the org's time forward instead of waiting. */
  private offset = 0;

  constructor(orgId = '00D5g000001KwAAEA0') {
    this.orgId = orgId;
    for (const object of Object.keys(STANDARD)) this.tables.set(object, new Map());
    this.table('Organization').set(orgId, { Id: orgId, Name: 'Simulated org', IsDeleted: false, SystemModstamp: new Date(0).toISOString() });
  }

  /** Strictly increasing time (field history, record dates); stamps are cut to the second. */
  now(): number {
    this.tick = Math.max(this.tick + 1, Date.now() + this.offset);
    return this.tick;
  }

  /** Moves the org's clock forward (SOQL compares whole seconds: changes made "later" must be a second later). */
  advance(ms: number): void {
    this.offset += ms;
  }

  table(object: string): Map<string, SimRecord> {
    const table = this.tables.get(object);
    if (!table) throw new Error(`no such object ${object}`);
    return table;
  }

  fieldType(object: string, field: string): FieldType | string | undefined {
    // Custom fields of Activity are fields of both Task and Event.
    const activity = object === 'Task' || object === 'Event' ? this.customFields.get(`Activity.${field}`)?.type : undefined;
    return SYSTEM[field] ?? STANDARD[object]?.[field] ?? this.customFields.get(`${object}.${field}`)?.type ?? activity;
  }

  newId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(12, '0')}AAA`.slice(0, 18);
  }

  /** Salesforce keeps SystemModstamp and LastModifiedDate to the second. */
  stamp(): string {
    return new Date(Math.floor(this.now() / 1000) * 1000).toISOString();
  }

  insert(object: string, fields: Record<string, unknown> & { Id?: string }, createdAt: number = this.now()): SimRecord {
    const stamp = this.stamp();
    const record: SimRecord = { ...fields, Id: fields.Id ?? this.newId('a0X'), IsDeleted: false, CreatedDate: new Date(createdAt).toISOString(), LastModifiedDate: stamp, SystemModstamp: stamp };
    this.table(object).set(record.Id, record);
    return record;
  }

  update(object: string, id: string, values: Record<string, unknown>): SimRecord {
    const record = this.live(object, id);
    if (!record) throw new Error(`no live ${object} ${id}`);
    const at = this.now();
    const stamp = this.stamp();
    for (const [field, value] of Object.entries(values)) {
      if (object === 'Account' && TRACKED_HISTORY.has(field) && record[field] !== value) this.history(id, field, record[field] ?? null, value, at);
      record[field] = value;
    }
    if (object === 'Task' && 'Status' in values) record.IsClosed = isClosedStatus(values.Status);
    record.LastModifiedDate = record.SystemModstamp = stamp;
    return record;
  }

  delete(object: string, id: string): void {
    const record = this.live(object, id);
    if (!record) throw new Error(`no live ${object} ${id}`);
    record.IsDeleted = true;
    record.SystemModstamp = this.stamp();
  }

  live(object: string, id: string): SimRecord | undefined {
    const record = this.table(object).get(id);
    return record && !record.IsDeleted ? record : undefined;
  }

  history(accountId: string, field: string, oldValue: unknown, newValue: unknown, at: number): void {
    this.insert('AccountHistory', { Id: this.newId('017'), AccountId: accountId, Field: field, OldValue: oldValue, NewValue: newValue }, at);
  }

  defineField(definition: Record<string, unknown>): void {
    const fullName = String(definition.fullName);
    const values = ((definition.valueSet as { valueSetDefinition?: { value?: unknown } } | undefined)?.valueSetDefinition?.value ?? []) as { fullName: string }[] | { fullName: string };
    const list = Array.isArray(values) ? values : [values];
    this.customFields.set(fullName, { fullName, type: String(definition.type), metadata: definition, ...(definition.type === 'Picklist' ? { picklist: new Set(list.map((v) => v.fullName)) } : {}) });
    this.saveMetadata('CustomField', fullName, definition);
  }

  saveMetadata(type: string, fullName: string, definition: Record<string, unknown>): void {
    if (!this.metadata.has(type)) this.metadata.set(type, new Map());
    this.metadata.get(type)!.set(fullName, definition);
  }

  readMetadata(type: string, fullName: string): Record<string, unknown> | undefined {
    return this.metadata.get(type)?.get(fullName);
  }
}
