// The optional cells of a row read straight from its bytes (activity.fast-row.ts,
// deal.fast-row.ts): what the checked reader's CsvRow.optional gives for them, or SLOW when
// the row must be read the checked way instead.
import { SLOW, type CellParser } from './cell-parsers.ts';
import type { CsvRecord } from './csv.scanner.ts';

/** A label cell: undefined when absent or empty, SLOW when quoted; a label not seen yet as its text, as the label parser gives it. */
export function optionalLabel(r: CsvRecord, at: number, labels: CellParser<string>): string | undefined | typeof SLOW {
  if (r.isEmpty(at)) return undefined;
  if (r.quoted[at] === 1) return SLOW;
  const known = labels.fromBytes!(r.bytes, r.starts[at]!, r.ends[at]!);
  return typeof known === 'string' ? known : labels.parse(r.text(at)!);
}

/** A number cell: undefined when absent or empty, SLOW when quoted or not a plain number that parses. */
export function optionalNumber(r: CsvRecord, at: number, numbers: CellParser<number>): number | undefined | typeof SLOW {
  if (r.isEmpty(at)) return undefined;
  if (r.quoted[at] === 1) return SLOW;
  const value = numbers.fromBytes!(r.bytes, r.starts[at]!, r.ends[at]!);
  return typeof value === 'number' ? value : SLOW;
}
