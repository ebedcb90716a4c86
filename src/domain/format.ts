// Number formatting for the sentences the model writes (plan, action, explanation).
// Amounts carry no currency sign: they are in the account's own currency.

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function amount(value: number): string {
  return whole.format(Math.round(value) === 0 ? 0 : value);
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
