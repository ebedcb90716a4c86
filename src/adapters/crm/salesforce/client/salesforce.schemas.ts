// Zod schemas for the Salesforce responses the connector reads: envelopes are strict about
// their shape; records inside them are parsed one by one (salesforce.records.ts).
import { z } from 'zod';

export const tokenResponse = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  /** The identity URL: …/id/<orgId>/<userId>. */
  id: z.string(),
  refresh_token: z.string().optional(),
  issued_at: z.string().optional(),
  scope: z.string().optional(),
  token_type: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const queryResult = z.object({
  totalSize: z.number(),
  done: z.boolean(),
  nextRecordsUrl: z.string().optional(),
  records: z.array(z.record(z.string(), z.unknown())),
});
export type QueryResult = z.infer<typeof queryResult>;

export const recordCounts = z.object({ sObjects: z.array(z.object({ name: z.string(), count: z.number() })) });

const saveError = z.object({ statusCode: z.string().optional(), errorCode: z.string().optional(), message: z.string(), fields: z.array(z.string()).optional() });
export type SaveError = z.infer<typeof saveError>;

/** One entry per record sent, in the same order; a failed one has no id. */
export const collectionResults = z.array(z.object({ id: z.string().nullable().optional(), success: z.boolean(), errors: z.array(saveError).optional().default([]) }));

export const jobInfo = z.object({
  id: z.string(),
  state: z.enum(['Open', 'UploadComplete', 'InProgress', 'Aborted', 'JobComplete', 'Failed']),
  numberRecordsProcessed: z.number().optional(),
  numberRecordsFailed: z.number().optional(),
  errorMessage: z.string().nullable().optional(),
});
export type JobInfo = z.infer<typeof jobInfo>;

/** A Bulk API 2.0 failed-results row as jsforce parses the CSV (every value a string). */
export const failedRow = z.object({ sf__Id: z.string().optional(), sf__Error: z.string(), Id: z.string().optional() }).loose();

export const organization = z.object({ records: z.array(z.object({ Id: z.string() })).length(1) });
