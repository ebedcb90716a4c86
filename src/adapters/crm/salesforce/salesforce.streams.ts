// Several sObjects read at once, with the checkpoint moved only when a page is handed over, so
// it never covers a page still in flight.
import type { SyncPage } from '../../../app/ports/crm.port.ts';
import { advance, encodeCheckpoint, type Watermarks } from './salesforce.checkpoint.ts';
import type { SyncedObject } from './salesforce.objects.ts';

/** A page from one stream, and how far it moves that stream's objects. */
export interface Step {
  page: SyncPage;
  marks?: [SyncedObject, number | null][];
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
      for (const [object, mark] of result.value.marks ?? []) marks = advance(marks, object, mark);
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
