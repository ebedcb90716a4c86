// A deals.csv row in the shape nearly every export writes, read straight from its cells'
// bytes with the same cell parsers the checked reader uses (csv.row.ts + file.mapper.ts
// readDeal); activity lines are read in one pass instead (activity.line.ts). It reads only
// rows the checked reader would accept as they are — the right field count, the required
// cells plain (their bytes are their text: no "" pairs), a known company, values that parse —
// and gives the same values for them; any other row is left to the checked reader, which
// reports what is wrong with it.
import { DEAL_STATUSES, type Deal } from '../../../domain/records.ts';
import { instant, label, numberParsers, oneOf, SLOW, type NumberFormat } from './cell-parsers.ts';
import type { CsvRecord } from './csv.scanner.ts';
import { optionalLabel, optionalValue } from './fast-cells.ts';
import type { KnownCompany } from './known-company.ts';

/** The deal read (no id: the caller copies it) and its company's slot. */
export type FastDeal = Omit<Deal, 'id' | 'companyId'> & { slot: number };

export class DealFastRow {
  readonly deal: FastDeal = {
    slot: -1,
    amount: 0,
    closeDate: 0,
    status: 'won',
    pipeline: undefined,
    cost: undefined,
    marginPct: undefined,
    discount: undefined,
    orderCount: undefined,
  };
  readonly #width: number;
  readonly #at: { id: number; company: number; amount: number; closeDate: number; status: number; pipeline: number; cost: number; marginPct: number; discount: number; orderCount: number };
  readonly #company: KnownCompany;
  readonly #statuses = oneOf(DEAL_STATUSES);
  readonly #pipelines = label();
  readonly #numbers: ReturnType<typeof numberParsers>;

  constructor(header: readonly string[], numbers: NumberFormat, company: KnownCompany) {
    // Positions as CsvRow finds them.
    const at = (column: string) => header.indexOf(column);
    this.#width = header.length;
    this.#at = {
      id: at('id'),
      company: at('company_id'),
      amount: at('amount'),
      closeDate: at('close_date'),
      status: at('status'),
      pipeline: at('pipeline'),
      cost: at('cost'),
      marginPct: at('margin_pct'),
      discount: at('discount'),
      orderCount: at('order_count'),
    };
    this.#company = company;
    this.#numbers = numberParsers(numbers);
  }

  /** True when the row was read into `deal`; false: read it the checked way. */
  read(r: CsvRecord): boolean {
    const at = this.#at;
    if (r.count !== this.#width || !r.isPlain(at.id) || !r.isPlain(at.company) || !r.isPlain(at.amount) || !r.isPlain(at.closeDate) || !r.isPlain(at.status)) return false;
    const d = this.deal;
    const bytes = r.bytes;
    if (this.#company.fromBytes(bytes, r.starts[at.company]!, r.ends[at.company]!) === undefined) return false;
    d.slot = this.#company.lastSlot;
    const amount = this.#numbers.number.fromBytes!(bytes, r.starts[at.amount]!, r.ends[at.amount]!);
    if (typeof amount !== 'number') return false;
    d.amount = amount;
    const closeDate = instant.fromBytes!(bytes, r.starts[at.closeDate]!, r.ends[at.closeDate]!);
    if (typeof closeDate !== 'number') return false;
    d.closeDate = closeDate;
    const status = this.#statuses.fromBytes!(bytes, r.starts[at.status]!, r.ends[at.status]!);
    if (typeof status !== 'string') return false;
    d.status = status;
    // Optional cells: absent or empty is undefined, as CsvRow.optional gives it.
    const pipeline = optionalLabel(r, at.pipeline, this.#pipelines);
    if (pipeline === SLOW) return false;
    d.pipeline = pipeline;
    const { nonNegativeNumber, wholeNumber, fraction } = this.#numbers;
    const cost = optionalValue(r, at.cost, nonNegativeNumber);
    if (cost === SLOW) return false;
    d.cost = cost;
    const marginPct = optionalValue(r, at.marginPct, fraction);
    if (marginPct === SLOW) return false;
    d.marginPct = marginPct;
    const discount = optionalValue(r, at.discount, nonNegativeNumber);
    if (discount === SLOW) return false;
    d.discount = discount;
    const orderCount = optionalValue(r, at.orderCount, wholeNumber);
    if (orderCount === SLOW) return false;
    d.orderCount = orderCount;
    return true;
  }
}
