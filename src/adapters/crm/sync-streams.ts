// Several object types read at once (a few calls in flight hide a CRM's latency), with the
// checkpoint moved only when a page is handed over, so it never covers a page still in
// flight. Shared by the HubSpot and Salesforce sources; each brings its own checkpoint format.
import type { SyncPage } from '../../app/ports/crm.port.ts';

/** Per object type, the latest modification time already handed over. */
export type Marks<K extends string> = Partial<Record<K, number>>;

/** A page from one stream, and how far it moves that stream's object types. */
export interface Step<K extends string> {
  page: SyncPage;
  marks?: [K, number | null][];
}

export type Stream<K extends string> = () => AsyncGenerator<Step<K>>;

/** Moves one object type's mark forward, never back. */
export function advanceMark<K extends string>(marks: Marks<K>, key: K, watermark: number | null): Marks<K> {
  if (watermark === null) return marks;
  const current = marks[key];
  return current !== undefined && current >= watermark ? marks : { ...marks, [key]: watermark };
}

/** Runs up to `concurrency` streams at a time and hands their pages over as they come. */
export async function* mergeStreams<K extends string>(
  streams: readonly Stream<K>[],
  concurrency: number,
  start: Marks<K>,
  encode: (marks: Marks<K>) => string,
): AsyncGenerator<SyncPage> {
  let marks = { ...start };
  const waiting = [...streams];
  const running = new Map<AsyncGenerator<Step<K>>, Promise<{ source: AsyncGenerator<Step<K>>; result: IteratorResult<Step<K>> }>>();
  const pull = (source: AsyncGenerator<Step<K>>) => running.set(source, source.next().then((result) => ({ source, result })));
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
      for (const [key, mark] of result.value.marks ?? []) marks = advanceMark(marks, key, mark);
      const page = result.value.page;
      yield result.value.marks ? { ...page, checkpoint: encode(marks) } : page;
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
