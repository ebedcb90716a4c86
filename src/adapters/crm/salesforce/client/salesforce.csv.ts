// Reading the CSV Bulk API 2.0 answers (RFC 4180: a header row, fields quoted when they hold a
// comma, quote or line break, quotes doubled). Hand-rolled because result sets run to 100,000
// rows a call and a general CSV library spends most of a large sync on them.

export class CsvError extends Error {}

/** Rows as objects keyed by the header; "" for an empty field. */
export function parseCsvRows(text: string): Record<string, string>[] {
  const lines = parseCsv(text);
  const header = lines.shift();
  if (!header) return [];
  return lines.map((fields, i) => {
    if (fields.length !== header.length) throw new CsvError(`row ${i + 2} has ${fields.length} fields; the header has ${header.length}`);
    const row: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) row[header[k]!] = fields[k]!;
    return row;
  });
}

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string;
    if (text.charCodeAt(i) === 34) {
      let from = i + 1;
      value = '';
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) throw new CsvError(`unterminated quoted field at character ${i}`);
        value += text.slice(from, quote);
        if (text.charCodeAt(quote + 1) === 34) {
          value += '"';
          from = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 || c === 10 || c === 13) break;
        end++;
      }
      value = text.slice(i, end);
      i = end;
    }
    row.push(value);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      if (i === n) row.push('');
    } else if (c === 10 || c === 13 || i >= n) {
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      if (!(row.length === 1 && row[0] === '')) rows.push(row);
      row = [];
    } else {
      throw new CsvError(`unexpected character after a quoted field at ${i}`);
    }
  }
  return rows;
}
