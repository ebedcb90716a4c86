// Number formatting for the sentences the model writes (plan, action, explanation).
// Amounts carry no currency sign: they are in the account's own currency.

/** "000" to "999": the groups after a thousands separator. */
const GROUPS = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));

/** Whole units with thousands separators (12,345); hand-rolled because it runs for every company. */
export function amount(value: number): string {
  const rounded = Math.round(value);
  if (rounded === 0) return '0';
  let whole = Math.abs(rounded);
  // Groups of three from the integer itself (no slices of its text), where it is exact.
  if (whole < 1e15) {
    let out = '';
    while (whole >= 1000) {
      const group = whole % 1000;
      whole = (whole - group) / 1000;
      out = `,${GROUPS[group]!}${out}`;
    }
    return rounded < 0 ? `-${whole}${out}` : `${whole}${out}`;
  }
  const digits = String(whole);
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = (end > 3 ? ',' : '') + digits.slice(Math.max(0, end - 3), end) + out;
  return rounded < 0 ? `-${out}` : out;
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}

/**
 * The template's text written out as one string. V8 keeps `${a} and ${b}` as a tree of its
 * pieces (a cons string) until the text is read; a sentence kept on every result is then a
 * dozen small objects, which each young-generation collection copies while a run holds
 * 100,000 results (about a third of bench:engine's collector time). Joining the pieces
 * writes the text once. For the texts a result keeps: plan, detail, action, explanation.
 */
export function flat(strings: TemplateStringsArray, ...values: unknown[]): string {
  const parts: string[] = [strings[0]!];
  // String(), as the template itself would: join alone writes null and undefined as ''.
  for (let i = 0; i < values.length; i++) parts.push(String(values[i]), strings[i + 1]!);
  return parts.join('');
}
