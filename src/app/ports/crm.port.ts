// The CRM ports: a source that yields normalized records, a writer that takes property
// values back. One adapter per CRM (file, HubSpot, Salesforce) implements them.
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
