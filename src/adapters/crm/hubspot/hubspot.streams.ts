// Several object types read at once (a few calls in flight hide HubSpot's latency), with the
// checkpoint moved only when a page is handed over, so it never covers a page still in flight.
import type { SyncPage } from '../../../app/ports/crm.port.ts';
import { advance, encodeCheckpoint, type Watermarks } from './hubspot.checkpoint.ts';
import type { ObjectType } from './hubspot.paths.ts';

/** A page from one stream, and how far it moves that stream's object types. */
export interface Step {
  page: SyncPage;
  marks?: [ObjectType, number | null][];
}

export type Stream = () => AsyncGenerator<Step>;

/** Runs up to `concurrency` streams at a time and hands their pages over as they come. */
export async function* merge(streams: readonly Stream[], concurrency: number, start: Watermarks): AsyncGenerator<SyncPage> {
  let marks = { ...start };
  const waiting = [...streams];
  const running = new Map<AsyncGenerator<Step>, Promise<{ source: AsyncGenerator<Step>; result: IteratorResult<Step> }>>();
  const pull = (source: AsyncGenerator<Step>) => running.set(source, source.next().then((result) => ({ source, result })));
  const fill = () => {
    while (running.size < Math.max(1, concurrency) && waiting.length > 0) pull(waiting.shift()!());
  };
  fill();
  try {
    while (running.size > 0) {
      const { source, result } = await Promise.race(running.values());
      running.delete(source);
      if (result.done) {
        fill();
        continue;
      }
      for (const [type, mark] of result.value.marks ?? []) marks = advance(marks, type, mark);
      const page = result.value.page;
      yield result.value.marks ? { ...page, checkpoint: encodeCheckpoint(marks) } : page;
      pull(source);
    }
  } finally {
    // A consumer that stops early (or a failed stream) ends the others; nothing waits on them.
    for (const [source, pending] of running) {
      pending.catch(() => undefined);
      source.return(undefined).catch(() => undefined);
    }
  }
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
