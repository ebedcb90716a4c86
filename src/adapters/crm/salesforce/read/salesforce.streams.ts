// The Salesforce source's concurrent streams: the shared merge with this CRM's key type
// and checkpoint format.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { mergeStreams, type Step as GenericStep, type Stream as GenericStream } from '../../sync-streams.ts';
import { encodeCheckpoint, type MarkKey, type Watermarks } from './salesforce.checkpoint.ts';

export type Step = GenericStep<MarkKey>;
export type Stream = GenericStream<MarkKey>;

/** Runs up to `concurrency` sObjects at a time and hands their pages over as they come. */
export function merge(streams: readonly Stream[], concurrency: number, start: Watermarks): AsyncGenerator<SyncPage> {
  return mergeStreams(streams, concurrency, start, encodeCheckpoint);
}
