// Numbers, dates and codes as a manager reads them: thousands separators, percentages,
// labels instead of codes. Amounts carry no currency sign (they are in the account's currency).
import type { Instant } from '../../../domain/records.ts';

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function money(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const rounded = Math.round(value);
  return rounded < 0 ? `−${whole.format(-rounded)}` : whole.format(rounded);
}

export function signedMoney(delta: number): string {
  const rounded = Math.round(delta);
  return rounded > 0 ? `+${whole.format(rounded)}` : money(rounded);
}

export function count(value: number): string {
  return whole.format(value);
}

export function percent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined) return '—';
  const text = (fraction * 100).toFixed(digits);
  return `${text.startsWith('-') ? `−${text.slice(1)}` : text}%`;
}

export function date(instant: Instant | null | undefined): string {
  return instant === null || instant === undefined ? '—' : new Date(instant).toISOString().slice(0, 10);
}

export function dateTime(instant: Instant | null | undefined): string {
  return instant === null || instant === undefined ? '—' : `${new Date(instant).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export { ACTION_LABELS, FLAG_LABELS, LEVEL_LABELS } from '../../../domain/labels.ts';

/** "costToServe" or "gross_margin" → "Cost to serve" / "Gross margin". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const ELEMENT_LABELS: Record<string, string> = { clv: 'CLV', knowledge_value: 'Co-development', reference_value: 'Reference customer' };

/** A value or cost element (driver, cost line) as a label. */
export function elementLabel(element: string): string {
  return ELEMENT_LABELS[element] ?? humanize(element);
}
