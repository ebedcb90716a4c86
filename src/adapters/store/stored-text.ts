// Text as both stores keep it: without NUL. PostgreSQL cannot hold U+0000 in text or jsonb
// (COPY fails with "invalid byte sequence 0x00"), so one NUL in a CRM field would stop every
// run of the tenant; SQLite drops it too, so both stores hand back the same text. Other
// control characters are kept as the CRM has them: both stores hold them, and the outputs
// that show text to a person (CLI, dashboard) make them harmless there.

const NUL = '\u0000';

export function storedText(text: string): string {
  return text.includes(NUL) ? text.replaceAll(NUL, '') : text;
}

/** NUL taken out of each text of cells[from…], in place. */
export function storeCellsFrom(cells: unknown[], from: number): void {
  for (let i = from; i < cells.length; i++) {
    const cell = cells[i];
    if (typeof cell === 'string' && cell.includes(NUL)) cells[i] = storedText(cell);
  }
}

export function storedIds(ids: readonly string[]): string[] {
  return ids.map(storedText);
}

/** JSON text of a value, NUL taken out of every string in it (JSON writes NUL as \u0000). */
export function storedJson(value: unknown): string {
  const json = JSON.stringify(value);
  // Rare: only then pay for a replacer over the whole value.
  if (!json.includes('\\u0000')) return json;
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storedText(v) : v));
}
