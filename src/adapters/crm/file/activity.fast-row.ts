// An activities.csv row in the shape nearly every export writes, read straight from its
// bytes with the same cell parsers the checked reader uses (csv.row.ts + file.mapper.ts).
// It reads only rows the checked reader would accept as they are — the right field count,
// no quoted cell, a known company, values that parse — and gives the same values for them;
// any other row is left to the checked reader, which reports what is wrong with it.
import { ACTIVITY_TYPES, CONTACT_LAYERS, type Activity } from '../../../domain/records.ts';
import { instant, label, numberParsers, oneOf, SLOW, type NumberFormat } from './cell-parsers.ts';
import type { CsvRecord } from './csv.scanner.ts';
import { optionalLabel, optionalValue } from './fast-cells.ts';
import type { KnownCompany } from './known-company.ts';

/** The activity read (no id: the caller copies it) and its company's slot. */
export type FastActivity = Omit<Activity, 'id' | 'companyId'> & { slot: number };

export class ActivityFastRow {
  readonly activity: FastActivity = { slot: -1, type: 'call', occurredAt: 0, durationMinutes: undefined, ownerRole: undefined, contactLayer: undefined };
  readonly #width: number;
  readonly #at: { id: number; company: number; type: number; occurredAt: number; duration: number; role: number; layer: number };
  readonly #company: KnownCompany;
  readonly #types = oneOf(ACTIVITY_TYPES);
  readonly #layers = oneOf(CONTACT_LAYERS);
  readonly #roles = label();
  readonly #minutes: ReturnType<typeof numberParsers>['nonNegativeNumber'];

  constructor(header: readonly string[], numbers: NumberFormat, company: KnownCompany) {
    // Positions as CsvRow finds them.
    const at = (column: string) => header.indexOf(column);
    this.#width = header.length;
    this.#at = { id: at('id'), company: at('company_id'), type: at('type'), occurredAt: at('occurred_at'), duration: at('duration_minutes'), role: at('owner_role'), layer: at('contact_layer') };
    this.#company = company;
    this.#minutes = numberParsers(numbers).nonNegativeNumber;
  }

  /** True when the row was read into `activity`; false: read it the checked way. */
  read(r: CsvRecord): boolean {
    const at = this.#at;
    if (r.count !== this.#width || !r.isPlain(at.id) || !r.isPlain(at.company) || !r.isPlain(at.type) || !r.isPlain(at.occurredAt)) return false;
    const a = this.activity;
    const bytes = r.bytes;
    if (this.#company.fromBytes(bytes, r.starts[at.company]!, r.ends[at.company]!) === undefined) return false;
    a.slot = this.#company.lastSlot;
    const type = this.#types.fromBytes!(bytes, r.starts[at.type]!, r.ends[at.type]!);
    if (typeof type !== 'string') return false;
    a.type = type;
    const occurredAt = instant.fromBytes!(bytes, r.starts[at.occurredAt]!, r.ends[at.occurredAt]!);
    if (typeof occurredAt !== 'number') return false;
    a.occurredAt = occurredAt;
    // Optional cells: absent or empty is undefined, as CsvRow.optional gives it.
    const minutes = optionalValue(r, at.duration, this.#minutes);
    if (minutes === SLOW) return false;
    a.durationMinutes = minutes;
    const role = optionalLabel(r, at.role, this.#roles);
    if (role === SLOW) return false;
    a.ownerRole = role;
    const layer = optionalValue(r, at.layer, this.#layers);
    if (layer === SLOW) return false;
    a.contactLayer = layer;
    return true;
  }
}
