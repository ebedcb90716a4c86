// The companies of companies.csv as the other files' company id cells are checked against:
// every record that names a company shares that company's id string and learns its slot.
import type { CellParser } from './cell-parsers.ts';
import { IdSet } from './id-set.ts';

export interface KnownCompanies {
  set: IdSet;
  /** By position in the set (the slot). */
  ids: string[];
}

/** The set of `ids`, each at its own position (the ids must be distinct). */
export function knownCompanies(ids: string[]): KnownCompanies {
  const set = new IdSet(ids.length);
  for (const id of ids) set.add(id);
  return { set, ids };
}

/**
 * A company id cell that must name a company of companies.csv; the company's own id string
 * is shared, and its slot (position in companies.csv) is kept for the record being read.
 */
export class KnownCompany implements CellParser<string> {
  readonly expected = 'no company with this id in companies.csv';
  lastSlot = -1;
  readonly #known: KnownCompanies;

  constructor(known: KnownCompanies) {
    this.#known = known;
  }

  parse(raw: string): string | undefined {
    return this.#at(this.#known.set.findText(raw));
  }

  fromBytes(bytes: Uint8Array, start: number, end: number): string | undefined {
    return this.#at(this.#known.set.find(bytes, start, end));
  }

  #at(slot: number): string | undefined {
    this.lastSlot = slot;
    return slot < 0 ? undefined : this.#known.ids[slot];
  }
}
