// The CRM ports: a source that yields normalized records, a writer that takes property
// values back, and the contact-schedule tasks in the reps' task lists. One adapter per CRM
// (file, HubSpot, Salesforce) implements them; the file CRM has no tasks.
import type { TaskDraft } from '../../domain/contact-tasks.ts';
import type { Instant } from '../../domain/records.ts';
import type { PortfolioChanges, TenantId, WrittenValues } from './store.port.ts';

export type SyncMode = 'full' | 'incremental';

/** A record the source could not map; it is skipped and counted, never silently dropped. */
export interface SkippedRecord {
  object: string;
  id: string;
  reason: string;
}

export interface SyncPage {
  changes: PortfolioChanges;
  skipped: SkippedRecord[];
  /**
   * Opaque position to resume from after this page is stored (e.g. the highest
   * hs_lastmodifieddate seen). Only set once everything before it has been yielded.
   */
  checkpoint?: string;
}

export interface CrmSource {
  readonly tenant: TenantId;
  /** Pages of changes since `checkpoint` (everything when mode is full). */
  pull(options: { mode: SyncMode; checkpoint: string | null }): AsyncIterable<SyncPage>;
  /** Fresh copies of the given companies with their deals and activities (webhook work). */
  pullCompanies(companyIds: readonly string[]): Promise<SyncPage>;
}

export interface CompanyUpdate {
  companyId: string;
  /** Property name without the kw_ prefix → value as the CRM should store it. */
  values: WrittenValues;
}

export interface WriteFailure {
  companyId: string;
  code: string;
  message: string;
}

export interface WriteReport {
  written: CompanyUpdate[];
  failed: WriteFailure[];
  apiCalls: number;
  /** Set when the writer stopped before the end (e.g. crm.daily_limit); the rest waits. */
  stoppedBy: string | null;
}

export interface CrmWriter {
  readonly tenant: TenantId;
  /**
   * Writes the updates in batches paced to the account's limit. `onWritten` is called
   * after each accepted batch so the caller can record it before the next one (a crash
   * mid-write then resumes without writing twice).
   */
  write(updates: readonly CompanyUpdate[], onWritten: (batch: CompanyUpdate[]) => Promise<void>): Promise<WriteReport>;
}

/** A task of ours as the CRM holds it, found by its marker. */
export interface CrmTask {
  crmId: string;
  marker: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  ownerId: string | null;
  subject: string;
  closed: boolean;
}

/** Where a task stands in the CRM now; `body` as the CRM holds it (a rep may have added to it). */
export interface CrmTaskState {
  crmId: string;
  state: 'open' | 'closed' | 'gone';
  body: string | null;
}

export interface TaskChange {
  crmId: string;
  dueDate: string;
  dueAt: Instant;
  subject: string;
}

/** A task to close: its body as the CRM holds it now, and the note to add to it. */
export interface TaskClose {
  crmId: string;
  body: string | null;
  note: string;
}

export interface TaskWriteReport {
  /** The markers (create) or CRM ids (the rest) the CRM accepted. */
  done: string[];
  failed: { id: string; code: string; message: string }[];
  /** Set when the CRM stopped the work (crm.daily_limit…); the rest waits for the next run. */
  stoppedBy: string | null;
}

export interface CrmTasks {
  readonly tenant: TenantId;
  /** Every open task carrying our marker: how a lost store finds its tasks again. */
  findOpen(): Promise<CrmTask[]>;
  /** Our tasks with these markers, open or closed: a creation whose answer never came back. */
  findByMarkers(markers: readonly string[]): Promise<CrmTask[]>;
  /** Where each task stands now (`gone`: deleted in the CRM). */
  states(crmIds: readonly string[]): Promise<CrmTaskState[]>;
  /**
   * Creates the tasks, each associated with its company, in batches paced to the account's
   * limit; `onCreated` hears each accepted batch (marker and CRM id) before the next is sent.
   */
  create(drafts: readonly TaskDraft[], onCreated: (created: { marker: string; crmId: string }[]) => Promise<void>): Promise<TaskWriteReport>;
  /** New due date and subject. */
  move(changes: readonly TaskChange[]): Promise<TaskWriteReport>;
  /** Completed, with the note added to the body. */
  complete(closes: readonly TaskClose[]): Promise<TaskWriteReport>;
  /** Deleted (the CRM's recycle bin keeps them a while). */
  remove(crmIds: readonly string[]): Promise<TaskWriteReport>;
}
