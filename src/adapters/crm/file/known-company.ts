// The companies of companies.csv as the other files' company id cells are checked against:
// every record that names a company shares that company's id string and learns its slot.
import type { SlotIndex } from '../../../domain/records.ts';
import type { CellParser } from './cell-parsers.ts';
import { scanCsvFile, sniffDelimiter } from './csv.scanner.ts';
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
 * companies.csv's ids as the reader keeps them (csv.reader.ts): from each row with the
 * header's field count its id cell as written, the first time each id comes, in the set a
 * thread checks company id cells against (built as they are read, not again afterwards).
 * Empty when the file cannot be read (the reader then reports it, and keeps no list).
 */
export async function readKnownCompanies(path: string): Promise<KnownCompanies> {
  const set = new IdSet();
  const ids: string[] = [];
  let width = -1;
  let at = -1;
  try {
    await scanCsvFile(path, (record) => {
      if (width < 0) {
        const header = record.texts().map((name) => name.trim());
        width = header.length;
        at = header.indexOf('id');
        return at >= 0;
      }
      if (record.count !== width) return true;
      const id = record.text(at) ?? '';
      if (id !== '' && set.add(id)) ids.push(id);
      return true;
    }, { delimiter: await sniffDelimiter(path) });
  } catch {
    return knownCompanies([]);
  }
  return { set, ids };
}

/** A fingerprint of an id list (its order included), to check two threads read the same companies. */
export function idsFingerprint(ids: readonly string[]): string {
  let h = 0x811c9dc5;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 10, 16777619);
  }
  return `${ids.length}:${(h >>> 0).toString(16)}`;
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

/** The companies' slots by id, for the engine: looked up in the set the read already keeps, no map of them built again. */
export function companySlots(known: KnownCompanies): SlotIndex {
  return new CompanySlots(known.set);
}

class CompanySlots implements SlotIndex {
  // Private: results that hold it compare equal in tests by what they say, not by the set's internals.
  readonly #ids: IdSet;

  constructor(ids: IdSet) {
    this.#ids = ids;
  }

  get(companyId: string): number | undefined {
    const slot = this.#ids.findText(companyId);
    return slot < 0 ? undefined : slot;
  }
}
