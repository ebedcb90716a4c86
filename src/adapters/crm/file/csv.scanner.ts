// Reads a CSV file's records as byte ranges (RFC 4180: quoted fields, "" escapes, line
// breaks inside quotes, CRLF or LF), with the line each record starts on as an editor
// counts it. No string is made for a cell unless a reader asks for one: exports of
// millions of rows are mostly numbers, dates and ids that parse straight from the bytes.
import { open } from 'node:fs/promises';

export class MalformedCsvError extends Error {
  readonly line: number;
  /** Where in the file the record with the fault starts, in bytes, and on which line: a read can go on from there. */
  readonly offset: number;
  readonly recordLine: number;

  constructor(message: string, line: number, offset = 0, recordLine = line) {
    super(message);
    this.name = 'MalformedCsvError';
    this.line = line;
    this.offset = offset;
    this.recordLine = recordLine;
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;
/** Whether a word's first byte is its lowest (every machine Node runs on but a few): firstLowByte reads words then. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The buffer four bytes at a time (firstLowByte), or null when it does not start on a word or the machine is big-endian. */
export function wordsOf(bytes: Buffer): Int32Array | null {
  return LITTLE_ENDIAN && bytes.byteOffset % 4 === 0 ? new Int32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : null;
}

/**
 * The first byte in bytes[i, end) that is at most `highest`, or end: whole words at a time
 * where `words` (wordsOf(bytes)) allows. A word none of whose bytes is that low (nearly every
 * word of ids, dates, numbers and names, when `highest` is the greatest separator) is passed
 * with one test instead of four. `below`: highest + 1 in each byte of a word.
 */
export function firstLowByte(bytes: Buffer, words: Int32Array | null, i: number, end: number, highest: number, below: number): number {
  if (words !== null) {
    const wordsEnd = end >> 2;
    // Byte by byte up to the next word, and over the last bytes after the last whole word, in the
    // same loop: a loop of its own for those last bytes ran only at a buffer's end, after V8 had
    // compiled the line readers this is inlined into, and made it throw their code away.
    for (;;) {
      for (; (i & 3) !== 0 || i >> 2 >= wordsEnd; i++) if (i >= end || bytes[i]! <= highest) return i < end ? i : end;
      // i stays on the word being read, and is past the last whole word when none holds a low byte.
      for (; i >> 2 < wordsEnd; i += 4) {
        const w = words[i >> 2]!;
        // The high bit of each byte less than highest + 1 (below ASCII 128): the lowest one is exact.
        const low = (w - below) & ~w & 0x80808080;
        if (low !== 0) return i + ((31 - Math.clz32(low & -low)) >> 3);
      }
    }
  }
  for (; i < end; i++) if (bytes[i]! <= highest) return i;
  return end;
}

/** One record as ranges of the current buffer; valid only during the onRecord call. */
export class CsvRecord {
  bytes: Buffer = Buffer.alloc(0);
  /** 1-based line the record starts on. */
  line = 0;
  /** How far into the file the record ends, in bytes (for progress). */
  fileOffset = 0;
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  /**
   * 1 when the field was quoted and holds "" pairs, each standing for one quote: its bytes are
   * not its text. A quoted field without them is 0, as its bytes are its text ("12" is 12).
   */
  quoted = new Uint8Array(64);

  /** The field as text (undefined past the record's end). */
  text(field: number): string | undefined {
    if (field >= this.count) return undefined;
    const s = this.bytes.toString('utf8', this.starts[field], this.ends[field]);
    return this.quoted[field] === 1 && s.includes('"') ? s.replaceAll('""', '"') : s;
  }

  /** A cell that is there (at ≥ 0), not empty, and whose bytes are its text (no "" pairs): a fast row reads it from its bytes. */
  isPlain(at: number): boolean {
    return at >= 0 && at < this.count && this.quoted[at] === 0 && this.ends[at]! > this.starts[at]!;
  }

  /** A cell that is absent (at < 0 or past the record's end) or empty. */
  isEmpty(at: number): boolean {
    return at < 0 || at >= this.count || this.ends[at] === this.starts[at];
  }

  /** Every field as text. */
  texts(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.text(i)!);
    return out;
  }

  push(start: number, end: number, quoted: number): void {
    if (this.count === this.starts.length) {
      const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts, (n) => new Int32Array(n));
      this.ends = grow(this.ends, (n) => new Int32Array(n));
      this.quoted = grow(this.quoted, (n) => new Uint8Array(n));
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.quoted[this.count] = quoted;
    this.count++;
  }
}

/** Return false to stop reading. */
export type CsvRecordHandler = (record: CsvRecord) => boolean | void;

/**
 * Reads lines of the most common shape straight from the buffer, instead of the scanner
 * cutting them into cells first: from bytes[at], where a record starts, as many lines one
 * after another as it can, each ending in a line break (LF or CRLF) before `end`. Returns
 * where the first line it does not read starts (`at` when it reads none): that record is
 * scanned and handed to onRecord as usual, without being offered to it again, and the reader
 * is called for the record after it. A line it reads must be one record the scanner would
 * read without a fault and with no line break inside a cell (a quoted cell that closes on the
 * line is fine): it counts as one line, and `lines` goes up by one. `words`: the buffer as words (wordsOf), made once per buffer by
 * the scanner; `line`: the line `at` is on; `base`: the file offset of bytes[0].
 *
 * The loop over the lines is the reader's, not the scanner's: a thread reads companies.csv,
 * deals.csv and activities.csv in turn, and one loop in the scanner calling each file's
 * reader per line was compiled again every time the reader changed (V8 inlines the one it
 * has seen called).
 */
export interface LineReader {
  /** Lines read so far. */
  lines: number;
  readLines(bytes: Buffer, words: Int32Array | null, at: number, end: number, line: number, base: number): number;
}

/** What scanCsvFile reads at a time unless told otherwise. */
export const CHUNK_BYTES = 4 << 20;

export interface ScanOptions {
  /** Field separator as a byte: 44 (,), 59 (;) or 9 (tab). Default: ','. */
  delimiter?: number;
  /** Bytes read per call; a record longer than this grows the buffer. */
  chunkBytes?: number;
  /** Awaited between two reads of the file, after the records read so far were handed over (lets a consumer keep up). */
  between?: () => Promise<void>;
  /** Read from this byte on (a record must start there; a byte order mark is skipped only at 0). Default 0. */
  start?: number;
  /** Read up to this byte (exclusive), as if the file ended there. Default: the whole file. */
  end?: number;
  /** The line breaks before `start`: the first record is on line linesBefore + 1. Default 0. */
  linesBefore?: number;
  /** Tried on every record first; the records it reads do not reach onRecord. */
  lineReader?: LineReader;
  /**
   * The buffer to read into instead of a new one of chunkBytes (a reader of many ranges lends
   * the same one each time: a new 4 MB buffer is 1,024 fresh pages for the kernel to map).
   * It is not read from after scanCsvFile returns; ScanSummary.buffer gives it back, or the
   * bigger one a long record needed.
   */
  buffer?: Buffer;
}

export interface ScanSummary {
  /** Line breaks read, those before `start` included: the number of the last line read. */
  lines: number;
  /** The buffer read into last: the one lent (ScanOptions.buffer), or a bigger one. */
  buffer: Buffer;
}

/**
 * Calls onRecord for each non-empty record, in order. Rejects with MalformedCsvError (and
 * the line) when the CSV itself is broken: a quote inside an unquoted field, text after a
 * closing quote, or a quote never closed.
 */
export async function scanCsvFile(path: string, onRecord: CsvRecordHandler, options: ScanOptions = {}): Promise<ScanSummary> {
  const delimiter = options.delimiter ?? 44;
  const start = options.start ?? 0;
  const end = options.end ?? Number.POSITIVE_INFINITY;
  const file = await open(path, 'r');
  try {
    let buffer = options.buffer ?? Buffer.allocUnsafe(Math.max(1, Math.min(options.chunkBytes ?? CHUNK_BYTES, end - start)));
    let filled = 0;
    /** The file offset of buffer[0]. */
    let base = start;
    let eof = false;
    const scanner = new Scanner(delimiter, onRecord, options.linesBefore ?? 0, options.lineReader ?? null);
    let first = true;
    for (;;) {
      if (options.between && !first) await options.between();
      if (!eof && filled < buffer.length) {
        const want = Math.min(buffer.length - filled, end - (base + filled));
        const { bytesRead } = want > 0 ? await file.read(buffer, filled, want, base + filled) : { bytesRead: 0 };
        if (bytesRead === 0) eof = true;
        filled += bytesRead;
      }
      let from = 0;
      if (first) {
        first = false;
        if (start === 0 && filled >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) from = 3;
      }
      const consumed = scanner.scan(buffer, from, filled, eof, base);
      if (scanner.stopped || (eof && consumed >= filled)) return { lines: scanner.lines, buffer };
      // Keep the unfinished record at the front and read more after it.
      const rest = filled - consumed;
      if (rest === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, consumed, filled);
        buffer = bigger;
      } else if (consumed > 0) {
        buffer.copy(buffer, 0, consumed, filled);
      }
      filled = rest;
      base += consumed;
    }
  } finally {
    await file.close();
  }
}

/**
 * The separator a file uses, from its first line: comma, or semicolon (Excel's default
 * where the comma is the decimal sign, as in the Netherlands) or tab when the first line
 * holds more of those than of commas, outside quotes.
 */
export async function sniffDelimiter(path: string): Promise<number> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(64 << 10);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    const counts = new Map<number, number>([[44, 0], [59, 0], [9, 0]]);
    let quoted = false;
    for (let i = 0; i < bytesRead; i++) {
      const c = head[i]!;
      if (c === QUOTE) quoted = !quoted;
      else if (!quoted && (c === LF || c === CR)) break;
      else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
    }
    let best = 44;
    for (const [c, n] of counts) if (n > counts.get(best)!) best = c;
    return best;
  } finally {
    await file.close();
  }
}

class Scanner {
  readonly record = new CsvRecord();
  stopped = false;
  /** Line breaks consumed so far: the next record starts on line + 1. */
  private line: number;
  private readonly delimiter: number;
  /** 1 for the bytes that end or break an unquoted field: one lookup per byte. */
  private readonly special = new Uint8Array(256);
  /** The greatest of those bytes: any byte above it (digits, letters, '-', ':', UTF-8) is plain text without a lookup. */
  private readonly highest: number;
  /** highest + 1 in each byte of a word: what a word is tested against (plainEnd). */
  private readonly below: number;
  private readonly onRecord: CsvRecordHandler;
  private readonly lineReader: LineReader | null;

  constructor(delimiter: number, onRecord: CsvRecordHandler, linesBefore: number, lineReader: LineReader | null) {
    this.line = linesBefore;
    this.delimiter = delimiter;
    for (const c of [delimiter, LF, CR, QUOTE]) this.special[c] = 1;
    this.highest = Math.max(delimiter, LF, CR, QUOTE);
    this.below = Math.imul(this.highest + 1, 0x01010101);
    this.onRecord = onRecord;
    this.lineReader = lineReader;
  }

  get lines(): number {
    return this.line;
  }

  /**
   * Scans whole records in bytes[from, end) and returns where the first unfinished one
   * starts (end when none). At eof the last record needs no line break.
   */
  scan(bytes: Buffer, from: number, end: number, eof: boolean, base: number): number {
    const delimiter = this.delimiter;
    const record = this.record;
    record.bytes = bytes;
    // The buffer four bytes at a time, when it starts on a word (a buffer of its own does).
    const words = wordsOf(bytes);
    const lineReader = this.lineReader;
    /** Where the line reader stopped after reading lines: the record there is not its shape, and is not offered to it again. */
    let readerStopped = -1;
    let i = from;
    while (i < end) {
      // A record starts at i.
      const recordStart = i;
      const startLine = this.line + 1;
      let breaks = 0; // line breaks inside quoted fields of this record
      record.count = 0;
      // Skip empty lines.
      const c0 = bytes[i]!;
      if (c0 === LF) {
        this.line++;
        i++;
        continue;
      }
      if (c0 === CR) {
        if (i + 1 >= end && !eof) return recordStart;
        this.line++;
        i += i + 1 < end && bytes[i + 1] === LF ? 2 : 1;
        continue;
      }
      if (lineReader !== null && i !== readerStopped) {
        const before = lineReader.lines;
        const next = lineReader.readLines(bytes, words, i, end, startLine, base);
        if (next > i) {
          this.line += lineReader.lines - before;
          i = readerStopped = next;
          continue;
        }
      }
      for (;;) {
        // A field starts at i.
        if (i >= end) {
          if (!eof) return recordStart;
          record.push(i, i, 0);
          break;
        }
        let c = bytes[i]!;
        if (c === QUOTE) {
          const start = i + 1;
          const fieldLine = startLine + breaks;
          let escaped = 0;
          let j = start;
          for (;;) {
            if (j >= end) {
              if (!eof) return recordStart;
              throw new MalformedCsvError(`Quote Not Closed: the quoted field starting on line ${fieldLine} never ends`, fieldLine, base + recordStart, startLine);
            }
            const b = bytes[j]!;
            if (b === QUOTE) {
              if (j + 1 >= end && !eof) return recordStart;
              if (j + 1 < end && bytes[j + 1] === QUOTE) {
                escaped = 1;
                j += 2;
                continue;
              }
              break;
            }
            if (b === LF) breaks++;
            else if (b === CR && (j + 1 >= end || bytes[j + 1] !== LF)) breaks++;
            j++;
          }
          record.push(start, j, escaped);
          i = j + 1;
          if (i >= end) {
            if (!eof) return recordStart;
            break;
          }
          c = bytes[i]!;
          if (c === delimiter) {
            i++;
            continue;
          }
          if (c === LF || c === CR) {
            i = this.lineEnd(bytes, i, end, eof);
            if (i < 0) return recordStart;
            break;
          }
          throw new MalformedCsvError(`Invalid Closing Quote: text after the closing quote of field ${record.count}`, this.line + 1 + breaks, base + recordStart, startLine);
        }
        // An unquoted field: up to the next delimiter or line break.
        const start = i;
        i = this.plainEnd(bytes, words, i, end);
        if (i < end) {
          c = bytes[i]!;
          if (c === QUOTE) throw new MalformedCsvError(`Invalid Opening Quote: a quote inside the unquoted field ${record.count + 1}`, this.line + 1 + breaks, base + recordStart, startLine);
        }
        if (i >= end) {
          if (!eof) return recordStart;
          record.push(start, i, 0);
          break;
        }
        record.push(start, i, 0);
        if (c === delimiter) {
          i++;
          continue;
        }
        i = this.lineEnd(bytes, i, end, eof);
        if (i < 0) return recordStart;
        break;
      }
      record.line = startLine;
      record.fileOffset = base + i;
      this.line += breaks;
      if (this.onRecord(record) === false) {
        this.stopped = true;
        return end;
      }
    }
    return end;
  }

  /** Where the unquoted text from i ends: the first delimiter, line break or quote in bytes[i, end), or end. */
  private plainEnd(bytes: Buffer, words: Int32Array | null, i: number, end: number): number {
    const special = this.special;
    // Past a low byte that is not special (a space) by adding `past`, not by i++: an addition
    // the loop makes every time has V8's type feedback when the scanner is compiled, and the
    // first space after that does not throw the compiled scanner away.
    for (let past = 0; ; past = 1) {
      i = firstLowByte(bytes, words, i + past, end, this.highest, this.below);
      if (i >= end || special[bytes[i]!] === 1) return i;
    }
  }

  /** Past the line break at i (CR, LF or CRLF), counting it; -1 when a CR ends the buffer before eof. */
  private lineEnd(bytes: Buffer, i: number, end: number, eof: boolean): number {
    this.line++;
    if (bytes[i] === CR) {
      if (i + 1 >= end && !eof) {
        this.line--;
        return -1;
      }
      return i + 1 < end && bytes[i + 1] === LF ? i + 2 : i + 1;
    }
    return i + 1;
  }
}
