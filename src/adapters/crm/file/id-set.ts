// A set of ids for duplicate checks over millions of rows: the ids' UTF-8 bytes side by
// side in one arena and open addressing on one typed array, so a row's id is checked
// straight from the CSV buffer without making a string, and the collector sees no ids.
// Exports are nearly always sorted by id: while every id is greater than the one before,
// it cannot repeat an earlier one, and one comparison replaces a probe into a table of
// millions (a cache miss each). Such a run of ids is kept front-coded (each id as the
// length of the prefix it shares with the one before, then the rest), since sorted ids
// share most of their bytes: a-00000042 after a-00000041 takes 3 bytes instead of 10 and a
// 4-byte offset. Memory is dear: on a shared VM a page costs ~10 µs the first time it is
// written, and 5 million activity ids in an arena would be 70 MB of pages. The arena and
// the table are built from the run the moment the order breaks (or an id is looked up).

const encoder = new TextEncoder();
/** Where a text id is encoded to be looked up: one buffer, not a new array per id (that costs more than the lookup). */
let utf8 = new Uint8Array(256);

/** `id` encoded into the shared buffer: the buffer's first bytes, as a view (the buffer grows for a long id, so a caller never holds an older one). */
function encodeScratch(id: string): Uint8Array {
  if (id.length * 3 > utf8.length) utf8 = new Uint8Array(id.length * 3);
  return utf8.subarray(0, encoder.encodeInto(id, utf8).written);
}

export class IdSet {
  private count = 0;
  /** While the ids come in order (table null): each id as [shared prefix length, rest length, rest] against the one before. */
  private run: Uint8Array;
  private runUsed = 0;
  /** The run's ids' own bytes in all: the arena's size once it is built. */
  private runIdBytes = 0;
  /** The last id added, while the ids come in order. */
  private last = new Uint8Array(64);
  private lastLength = 0;
  /** Once the order breaks: the ids' bytes side by side; id k in arena[offsets[k], offsets[k + 1]). */
  private arena = new Uint8Array(0);
  private used = 0;
  private offsets = new Int32Array(1);
  /** Pairs (hash, id index + 1) side by side, so a probe touches one cache line; 0 = empty. Null while the ids come in order. */
  private table: Int32Array | null = null;
  private readonly expected: number;
  /** The id find found last, or -1: exports list a company's records together, so the next row often names it again. */
  private lastFound = -1;

  /** Sized for `expected` ids up front: growing a table of millions costs seconds (a page not written to costs nothing). */
  constructor(expected = 0) {
    // A whole number: a fraction here (a file size ÷ 40) made this set's fields another shape than the other sets', and code compiled for one was thrown away for the other.
    this.expected = Math.ceil(expected);
    this.run = new Uint8Array(Math.max(16 << 10, this.expected * 4));
  }

  /** Bytes held for the ids (not the table): a sorted run takes a few per id. */
  get bytesHeld(): number {
    return this.table === null ? this.runUsed : this.used + 4 * (this.count + 1);
  }

  get size(): number {
    return this.count;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const bytes = encodeScratch(id);
    return this.addBytes(bytes, 0, bytes.length);
  }

  /** Adds the id written in bytes[start, end); false when it was already there. */
  addBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.table === null) {
      const shared = this.count === 0 ? 0 : this.followsLast(bytes, start, end);
      if (shared >= 0) {
        this.append(bytes, start, end, shared);
        this.keepLast(bytes, start, end);
        return true;
      }
      this.buildTable();
    }
    const hash = hashOf(bytes, start, end);
    const table = this.table!;
    const mask = (table.length >> 1) - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = table[2 * slot + 1]!;
      if (entry === 0) break;
      if (table[2 * slot] === hash && this.equals(entry - 1, bytes, start, end)) return false;
      slot = (slot + 1) & mask;
    }
    this.store(bytes, start, end);
    table[2 * slot] = hash;
    table[2 * slot + 1] = this.count;
    if (this.count * 4 > table.length) this.grow();
    return true;
  }

  /**
   * Adds the first ids of a batch laid side by side — id k in bytes[ends[k − 1], ends[k]),
   * the first from 0 — for as long as each is greater than the one before it (so new);
   * returns how many it added (0 once the order has broken: addBytes each then).
   */
  addAscending(bytes: Uint8Array, ends: Int32Array, count: number): number {
    if (this.table !== null || count === 0) return 0;
    let shared = this.count === 0 ? 0 : this.followsLast(bytes, 0, ends[0]!);
    if (shared < 0) return 0;
    // Room for the whole batch at once: each id takes at most its bytes and 6 more.
    this.roomInRun(ends[count - 1]! + 6 * count);
    const run = this.run;
    let at = encode(run, this.runUsed, bytes, 0, ends[0]!, shared);
    let added = 1;
    for (; added < count; added++) {
      const start = ends[added - 1]!;
      shared = sharedBefore(bytes, start, ends[added]!, bytes, added === 1 ? 0 : ends[added - 2]!, start);
      if (shared < 0) break;
      at = encode(run, at, bytes, start, ends[added]!, shared);
    }
    this.runUsed = at;
    this.runIdBytes += ends[added - 1]!;
    this.count += added;
    this.keepLast(bytes, added === 1 ? 0 : ends[added - 2]!, ends[added - 1]!);
    return added;
  }

  /** How many leading bytes the id in bytes[start, end) shares with the last one added when it is greater, else -1. */
  private followsLast(bytes: Uint8Array, start: number, end: number): number {
    return sharedBefore(bytes, start, end, this.last, 0, this.lastLength);
  }

  /** The id, greater than the one before it, added to the run: its first `shared` bytes are that one's. */
  private append(bytes: Uint8Array, start: number, end: number, shared: number): void {
    this.roomInRun(end - start + 6);
    this.runUsed = encode(this.run, this.runUsed, bytes, start, end, shared);
    this.runIdBytes += end - start;
    this.count += 1;
  }

  /** Room for `bytes` more in the run, which at least doubles when it must grow. */
  private roomInRun(bytes: number): void {
    if (this.runUsed + bytes <= this.run.length) return;
    const bigger = new Uint8Array(Math.max(this.run.length * 2, this.runUsed + bytes));
    bigger.set(this.run.subarray(0, this.runUsed));
    this.run = bigger;
  }

  /** The id in bytes[start, end) kept as the last one added (the next must be greater). */
  private keepLast(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > this.last.length) this.last = new Uint8Array(Math.max(length, this.last.length * 2));
    const last = this.last;
    for (let i = 0; i < length; i++) last[i] = bytes[start + i]!;
    this.lastLength = length;
  }

  /** The run's ids written out side by side in the arena, with their offsets; the run is let go. */
  private decodeRun(): void {
    const ids = this.count;
    const run = this.run;
    const arena = new Uint8Array(Math.max(16 << 10, this.runIdBytes * 2));
    const offsets = new Int32Array(Math.max(1024, this.expected, 2 * ids) + 1);
    let at = 0;
    let used = 0;
    let previous = 0;
    for (let k = 0; k < ids; k++) {
      const prefix = run[at++]!;
      let rest = 0;
      for (let shift = 0; ; shift += 7) {
        const b = run[at++]!;
        rest |= (b & 127) << shift;
        if (b < 128) break;
      }
      offsets[k] = used;
      for (let i = 0; i < prefix; i++) arena[used + i] = arena[previous + i]!;
      for (let i = 0; i < rest; i++) arena[used + prefix + i] = run[at++]!;
      previous = used;
      used += prefix + rest;
    }
    offsets[ids] = used;
    this.arena = arena;
    this.offsets = offsets;
    this.used = used;
    this.run = new Uint8Array(0);
    this.runUsed = 0;
  }

  private buildTable(): void {
    this.decodeRun();
    let slots = 1024;
    while (slots < Math.max(this.expected, this.count) * 2 && slots < 1 << 27) slots *= 2;
    const table = new Int32Array(slots * 2);
    const mask = slots - 1;
    for (let k = 0; k < this.count; k++) {
      const hash = hashOf(this.arena, this.offsets[k]!, this.offsets[k + 1]!);
      let slot = hash & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = hash;
      table[2 * slot + 1] = k + 1;
    }
    this.table = table;
  }

  /** The position (order of adding, from 0) of the id written in bytes[start, end), or -1. */
  find(bytes: Uint8Array, start: number, end: number): number {
    if (this.lastFound >= 0 && this.equals(this.lastFound, bytes, start, end)) return this.lastFound;
    if (this.table === null) this.buildTable();
    const hash = hashOf(bytes, start, end);
    const table = this.table!;
    const mask = (table.length >> 1) - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[2 * slot + 1]!;
      if (entry === 0) return -1;
      if (table[2 * slot] === hash && this.equals(entry - 1, bytes, start, end)) return (this.lastFound = entry - 1);
    }
  }

  /** The position of the id, or -1. */
  findText(id: string): number {
    const bytes = encodeScratch(id);
    return this.find(bytes, 0, bytes.length);
  }

  private equals(k: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.offsets[k]!;
    if (this.offsets[k + 1]! - from !== end - start) return false;
    const arena = this.arena;
    for (let i = 0; i < end - start; i++) if (arena[from + i] !== bytes[start + i]) return false;
    return true;
  }

  private store(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    this.reserve(1, length);
    const arena = this.arena;
    for (let i = 0; i < length; i++) arena[this.used + i] = bytes[start + i]!;
    this.offsets[this.count] = this.used;
    this.used += length;
    this.count += 1;
    this.offsets[this.count] = this.used;
  }

  /** Room for `ids` more ids of `bytes` bytes in all: the arena and the offsets at least doubled when they must grow. */
  private reserve(ids: number, bytes: number): void {
    if (this.used + bytes > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + bytes));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    if (this.count + ids + 1 > this.offsets.length) {
      const bigger = new Int32Array(Math.max(this.offsets.length * 2, this.count + ids + 1));
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
  }

  private grow(): void {
    const old = this.table!;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      const entry = old[i + 1]!;
      if (entry === 0) continue;
      let slot = old[i]! & mask;
      while (table[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      table[2 * slot] = old[i]!;
      table[2 * slot + 1] = entry;
    }
    this.table = table;
  }
}

/**
 * When the id in a[aStart, aEnd) is greater than the one in b[bStart, bEnd) (their bytes
 * compared in order; a prefix comes first): how many leading bytes the two share; else -1.
 */
function sharedBefore(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d > 0 ? i : -1;
  }
  return aEnd - aStart > bEnd - bStart ? n : -1;
}

/**
 * The id in bytes[start, end) written front-coded into run at `at` — the length of the prefix
 * it shares with the id before it (`shared`, at most 255), the rest's length (7 bits a byte:
 * one byte below 128), the rest — and where the next one goes.
 */
function encode(run: Uint8Array, at: number, bytes: Uint8Array, start: number, end: number, shared: number): number {
  const prefix = shared < 255 ? shared : 255;
  let n = end - start - prefix;
  run[at++] = prefix;
  while (n >= 128) {
    run[at++] = (n & 127) | 128;
    n >>>= 7;
  }
  run[at++] = n;
  for (let i = start + prefix; i < end; i++) run[at++] = bytes[i]!;
  return at;
}

/** FNV-1a over the bytes, with a final mix so sequential ids spread out. */
function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 0x7fffffff;
}
