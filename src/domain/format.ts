// Number formatting for the sentences the model writes (plan, action, explanation).
// Amounts carry no currency sign: they are in the account's own currency.

/** Whole units with thousands separators (12,345); hand-rolled because it runs for every company. */
export function amount(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  const digits = String(Math.abs(rounded));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return rounded < 0 ? `-${out}` : out;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
