// The HubSpot source's concurrent streams: the shared merge with this CRM's key type
// and checkpoint format.
import type { SyncPage } from '../../../../app/ports/crm.port.ts';
import { mergeStreams, type Step as GenericStep, type Stream as GenericStream } from '../../sync-streams.ts';
import { encodeCheckpoint, type Watermarks } from './hubspot.checkpoint.ts';
import type { HandedOverTracker } from './hubspot.handed-over.ts';
import type { ObjectType } from '../client/hubspot.paths.ts';

export type Step = GenericStep<ObjectType>;
export type Stream = GenericStream<ObjectType>;

/**
 * Runs up to `concurrency` object types at a time and hands their pages over as they come; each
 * checkpoint keeps the records handed over close to its marks.
 */
export function merge(streams: readonly Stream[], concurrency: number, start: Watermarks, handedOver: HandedOverTracker): AsyncGenerator<SyncPage> {
  return mergeStreams(streams, concurrency, start, (marks) => encodeCheckpoint(marks, handedOver.snapshot(marks)));
}

/** A value one stream hands another (deals wait for the company ids). */
export function signal<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
