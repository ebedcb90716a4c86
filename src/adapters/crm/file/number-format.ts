// The config's csv.decimal and csv.thousands as the CSV reader's number format.
import type { NumberFormat } from './cell-parsers.ts';

export interface CsvNumberSettings {
  decimal: '.' | ',';
  thousands: 'auto' | 'none' | '.' | ',' | ' ';
}

/** `auto`: a dot groups thousands where the comma is the decimal sign, nothing does otherwise. */
export function numberFormatOf(settings: CsvNumberSettings): NumberFormat {
  const thousands = settings.thousands === 'auto' ? (settings.decimal === ',' ? '.' : '') : settings.thousands === 'none' ? '' : settings.thousands;
  return { decimal: settings.decimal, thousands };
}
