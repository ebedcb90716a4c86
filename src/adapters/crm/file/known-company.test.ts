// Each thread reading deals.csv and activities.csv reads companies.csv's ids itself, most lines
// for their id cell alone (IdLine). It must find the ids the scanner's records give — the rows
// with the header's field count, their id cells as text, each id once — in the same order:
// the main thread checks the list's fingerprint against its own.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
import { scanCsvFile, sniffDelimiter } from './csv.scanner.ts';
import { idsFingerprint, readKnownCompanies } from './known-company.ts';

/** The ids as the scanner's records give them, read the checked way (what readKnownCompanies read before IdLine). */
async function scannedIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  const seen = new Set<string>();
  let width = -1;
  let at = -1;
  await scanCsvFile(path, (record) => {
    if (width < 0) {
      const header = record.texts().map((name) => name.trim());
      width = header.length;
      at = header.indexOf('id');
      return at >= 0;
    }
    if (record.count !== width) return true;
    const id = record.text(at) ?? '';
    if (id !== '' && !seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
    return true;
  }, { delimiter: await sniffDelimiter(path) });
  return ids;
}

describe('companies.csv ids as a reading thread reads them', () => {
  let dir = '';
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'kw-known-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('are the scanner’s, in order, whatever the lines hold', async () => {
    const random = createRandom(17);
    const cells = {
      id: ['c-1', 'c-2', 'c-10', 'c-1', '', 'c 7', 'é-8', 'c\t12'],
      name: ['Bakkerij B.V.', '', 'Ünïcode', 'tab\there', 'De Vries & Zn'],
      other: ['', '12', 'wholesale'],
    };
    // Now and then a cell the scanner must read (a quote, a line break, a lone CR): the line is left to it.
    const odd = ['"c-3"', '"c,4"', '" c-5 "', '"c""6"', 'c-9\r', '"c-\n11"', 'c"13', '"Smit, Zonen"', '"Line\nbreak"', 'A "quote"', 'x\ry', '"a"'];
    const cell = (plain: readonly string[]) => (random.next() < 0.04 ? random.pick(odd) : random.pick(plain));
    for (const [delimiter, headers] of [[',', ['id', 'name', 'industry']], [';', ['name', 'id', 'industry']], ['\t', ['name', 'industry', 'id']]] as const) {
      for (let round = 0; round < 25; round++) {
        const lines = [headers.join(delimiter)];
        for (let row = 0; row < 40; row++) {
          const byColumn = { id: cell(cells.id), name: cell(cells.name), industry: cell(cells.other) };
          let line = headers.map((h) => byColumn[h]).join(delimiter);
          const shape = random.next();
          if (shape < 0.05) line += delimiter + 'extra'; // a field too many: passed over
          else if (shape < 0.08) line = byColumn.id; // too few
          else if (shape < 0.1) line = ''; // a blank line
          lines.push(line);
        }
        const text = lines.join(random.next() < 0.5 ? '\n' : '\r\n') + (random.next() < 0.8 ? '\n' : '');
        const path = join(dir, `companies-${round}.csv`);
        await writeFile(path, (random.next() < 0.1 ? '\uFEFF' : '') + text);
        const expected = await scannedIds(path).catch(() => null);
        const known = await readKnownCompanies(path);
        // A file the scanner cannot read (a quote never closed) leaves no list at all.
        expect(known.ids, `${JSON.stringify(delimiter)} round ${round}:\n${text}`).toEqual(expected ?? []);
        expect(idsFingerprint(known.ids)).toBe(idsFingerprint(expected ?? []));
        for (const [slot, id] of known.ids.entries()) expect(known.set.findText(id)).toBe(slot);
        expect(known.set.size).toBe(known.ids.length);
      }
    }
  });

  it('finds a non-ASCII id by its text’s bytes, as the other files’ cells are looked up', async () => {
    const path = join(dir, 'unicode.csv');
    // 0xE9 alone is not UTF-8: its text is U+FFFD, whose bytes the set keeps (as it does for the main thread).
    await writeFile(path, Buffer.concat([Buffer.from('id,name\nc-é,A\n'), Buffer.from([0x63, 0xe9, 0x2c, 0x42, 0x0a]), Buffer.from('c-1,C\n')]));
    const known = await readKnownCompanies(path);
    expect(known.ids).toEqual(['c-é', 'c\uFFFD', 'c-1']);
    expect(known.set.find(Buffer.from('c-é'), 0, Buffer.byteLength('c-é'))).toBe(0);
    expect(known.set.findText('c\uFFFD')).toBe(1);
    expect(known.set.find(Buffer.from([0x63, 0xe9]), 0, 2)).toBe(-1);
  });
});
