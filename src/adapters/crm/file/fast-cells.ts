// The optional cells of a row read straight from its bytes (deal.fast-row.ts): what the
// checked reader's CsvRow.optional gives for them, or SLOW when the row must be read the
// checked way instead.
import { SLOW, type CellParser } from './cell-parsers.ts';
import type { CsvRecord } from './csv.scanner.ts';

/** A label cell: undefined when absent or empty, SLOW when quoted with "" pairs; a label not seen yet as its text, as the label parser gives it. */
export function optionalLabel(r: CsvRecord, at: number, labels: CellParser<string>): string | undefined | typeof SLOW {
  if (r.isEmpty(at)) return undefined;
  if (r.quoted[at] === 1) return SLOW;
  const known = labels.fromBytes!(r.bytes, r.starts[at]!, r.ends[at]!);
  return typeof known === 'string' ? known : labels.parse(r.text(at)!);
}

/** A number or a cell of a fixed list (oneOf): undefined when absent or empty, SLOW when quoted with "" pairs or when it does not parse from its bytes. */
export function optionalValue<T extends number | string>(r: CsvRecord, at: number, parser: CellParser<T>): T | undefined | typeof SLOW {
  if (r.isEmpty(at)) return undefined;
  if (r.quoted[at] === 1) return SLOW;
  const value = parser.fromBytes!(r.bytes, r.starts[at]!, r.ends[at]!);
  return value === undefined ? SLOW : value;
}
