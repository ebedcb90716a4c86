// COPY … FROM STDIN for node-postgres: the fastest way to get many rows into PostgreSQL
// (about five times a multi-row INSERT). pg has no COPY API of its own; this is the
// Submittable protocol that pg-copy-streams uses, small enough to keep here.
import { once } from 'node:events';
import type { PoolClient, Submittable } from 'pg';
import type { Cell } from '../portfolio.tables.ts';

/** The parts of pg's (untyped) Connection that a COPY IN uses. */
interface CopyConnection {
  stream: NodeJS.WritableStream & { writableNeedDrain: boolean };
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
}

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** One value in COPY's text format. */
export function copyCell(value: Cell | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

function* copyText(rows: Iterable<readonly Cell[]>): Generator<string> {
  const ROWS_PER_CHUNK = 2000;
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyCell(row[i]);
    chunk += `${line}\n`;
    if (++count === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

class CopyIn {
  readonly text: string;
  readonly done: Promise<void>;
  readonly #rows: Iterable<readonly Cell[]>;
  #resolve!: () => void;
  #reject!: (error: Error) => void;
  #failed = false;

  constructor(text: string, rows: Iterable<readonly Cell[]>) {
    this.text = text;
    this.#rows = rows;
    this.done = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    void this.#send(connection);
  }

  async #send(connection: CopyConnection): Promise<void> {
    try {
      for (const chunk of copyText(this.#rows)) {
        // After an error the server ignores the rest; no need to send it.
        if (this.#failed) return;
        connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
        if (connection.stream.writableNeedDrain) await once(connection.stream, 'drain');
      }
      connection.endCopyFrom();
    } catch (error) {
      connection.sendCopyFail(error instanceof Error ? error.message : String(error));
    }
  }

  handleError(error: Error): void {
    this.#failed = true;
    this.#reject(error);
  }

  handleReadyForQuery(): void {
    if (!this.#failed) this.#resolve();
  }

  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

/** Copies `rows` into `table (columns)` on the client's connection (inside its transaction). */
export async function copyRows(client: PoolClient, table: string, columns: readonly string[], rows: Iterable<readonly Cell[]>): Promise<void> {
  const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, rows);
  client.query(copy as unknown as Submittable);
  await copy.done;
}
