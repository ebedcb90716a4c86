// The work queue across a thread boundary: the main thread owns the queue (one connection, so
// a webhook's insert never waits on another connection's lock) and serves it over a message
// port; the worker thread uses it through queueOverPort as if it were local.
import type { WorkQueue } from '../../app/ports/queue.port.ts';

/** What both a Worker and a thread's parentPort offer. */
export interface MessagePortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

type Method = Exclude<keyof WorkQueue, 'close'>;
const METHODS: readonly Method[] = ['acceptEvents', 'enqueue', 'seenEvent', 'claim', 'complete', 'fail', 'deadLetters', 'retryDead', 'stats'];

interface QueueCall {
  type: 'queue-call';
  id: number;
  method: Method;
  args: unknown[];
}

interface QueueReply {
  type: 'queue-reply';
  id: number;
  value?: unknown;
  error?: { message: string; code?: string };
}

const isCall = (m: unknown): m is QueueCall => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'queue-call';
const isReply = (m: unknown): m is QueueReply => typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'queue-reply';

/** Main thread: answers the queue calls coming in on the port. */
export function serveQueue(queue: WorkQueue, port: MessagePortLike): void {
  port.on('message', (message) => {
    if (!isCall(message) || !METHODS.includes(message.method)) return;
    const method = queue[message.method] as (...args: unknown[]) => Promise<unknown>;
    method.apply(queue, message.args).then(
      (value) => port.postMessage({ type: 'queue-reply', id: message.id, value } satisfies QueueReply),
      (error: unknown) =>
        port.postMessage({
          type: 'queue-reply',
          id: message.id,
          error: { message: error instanceof Error ? error.message : String(error), ...(typeof (error as { code?: unknown }).code === 'string' ? { code: (error as { code: string }).code } : {}) },
        } satisfies QueueReply),
    );
  });
}

/** Worker thread: a WorkQueue whose calls run on the thread that serves it. */
export function queueOverPort(port: MessagePortLike): WorkQueue {
  let next = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  port.on('message', (message) => {
    if (!isReply(message)) return;
    const call = waiting.get(message.id);
    if (!call) return;
    waiting.delete(message.id);
    if (message.error) call.reject(Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
    else call.resolve(message.value);
  });
  const remote =
    (method: Method) =>
    (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, { resolve, reject });
        port.postMessage({ type: 'queue-call', id, method, args } satisfies QueueCall);
      });
  const queue = Object.fromEntries(METHODS.map((m) => [m, remote(m)])) as unknown as WorkQueue;
  // The serving thread owns the queue and closes it.
  return Object.assign(queue, { close: async () => {} });
}
