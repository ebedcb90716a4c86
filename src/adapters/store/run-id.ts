// Run ids that sort like the moment the run started: a UUIDv7 whose time is startedAt.
import { randomUUID } from 'node:crypto';
import type { Instant } from '../../domain/records.ts';

export function newRunId(startedAt: Instant): string {
  const time = Math.max(0, Math.floor(startedAt)).toString(16).padStart(12, '0').slice(-12);
  // randomUUID() is xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx: keep its random tail after the version digit.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
