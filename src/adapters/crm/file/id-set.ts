// A set of ids for duplicate checks over millions of rows: the ids' UTF-8 bytes side by
// side in one arena and open addressing on one typed array, so a row's id is checked
// straight from the CSV buffer without making a string, and the collector sees no ids.
// Exports are nearly always sorted by id: while every id is greater than the one before,
// it cannot repeat an earlier one, and one comparison replaces a probe into a table of
// millions (a cache miss each); the table is built the moment the order breaks.

const encoder = new TextEncoder();
/** Where a text id is encoded to be looked up: one buffer, not a new array per id (that costs more than the lookup). */
let utf8 = new Uint8Array(256);

/** Encodes `id` into the shared buffer; returns its length in bytes. */
function encodeScratch(id: string): number {
  if (id.length * 3 > utf8.length) utf8 = new Uint8Array(id.length * 3);
  return encoder.encodeInto(id, utf8).written;
}

export class IdSet {
  private arena: Uint8Array;
  private used = 0;
  /** Where each id's bytes start in the arena; id k ends where id k + 1 starts. */
  private offsets: Int32Array;
  private count = 0;
  /** Pairs (hash, id index + 1) side by side, so a probe touches one cache line; 0 = empty. Null while the ids come in order. */
  private table: Int32Array | null = null;
  private readonly expected: number;
  /** The id find found last, or -1: exports list a company's records together, so the next row often names it again. */
  private lastFound = -1;

  /** Sized for `expected` ids up front: growing a table of millions costs seconds. */
  constructor(expected = 0) {
    this.expected = expected;
    this.offsets = new Int32Array(Math.max(1024, Math.ceil(expected)) + 1);
    this.arena = new Uint8Array(Math.max(16 << 10, Math.ceil(expected) * 12));
  }

  get size(): number {
    return this.count;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    // Encoded first: encodeScratch may put a bigger buffer in utf8's place.
    const length = encodeScratch(id);
    return this.addBytes(utf8, 0, length);
  }

  /** Adds the id written in bytes[start, end); false when it was already there. */
  addBytes(bytes: Uint8Array, start: number, end: number): boolean {
    if (this.table === null) {
      if (this.count === 0 || this.compareToLast(bytes, start, end) > 0) {
        this.store(bytes, start, end);
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
   * the first from 0 — for as long as each is greater than the one before it (so new), with
   * one copy; returns how many it added (0 once the order has broken: addBytes each then).
   */
  addAscending(bytes: Uint8Array, ends: Int32Array, count: number): number {
    if (this.table !== null || count === 0) return 0;
    if (this.count > 0 && this.compareToLast(bytes, 0, ends[0]!) <= 0) return 0;
    let added = 1;
    while (added < count && compareIds(bytes, ends[added - 1]!, ends[added]!, bytes, added === 1 ? 0 : ends[added - 2]!, ends[added - 1]!) > 0) added++;
    const length = ends[added - 1]!;
    this.reserve(added, length);
    this.arena.set(bytes.subarray(0, length), this.used);
    const offsets = this.offsets;
    for (let k = 0; k < added; k++) offsets[this.count + 1 + k] = this.used + ends[k]!;
    this.used += length;
    this.count += added;
    return added;
  }

  /** The id against the last one added: < 0, 0 or > 0 as bytes compare. */
  private compareToLast(bytes: Uint8Array, start: number, end: number): number {
    return compareIds(bytes, start, end, this.arena, this.offsets[this.count - 1]!, this.offsets[this.count]!);
  }

  private buildTable(): void {
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
    const length = encodeScratch(id);
    return this.find(utf8, 0, length);
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

/** The id in a[aStart, aEnd) against the one in b[bStart, bEnd): < 0, 0 or > 0 as their bytes compare. */
function compareIds(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < n; i++) {
    const d = a[aStart + i]! - b[bStart + i]!;
    if (d !== 0) return d;
  }
  return aEnd - aStart - (bEnd - bStart);
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
