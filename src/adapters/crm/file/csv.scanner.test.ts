import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../app/sample/prng.ts';
import { firstLowByte, MalformedCsvError, scanCsvFile, sniffDelimiter, wordsOf, type LineReader } from './csv.scanner.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-scan-'));
let files = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function scan(path: string, chunkBytes?: number, delimiter?: number): Promise<{ line: number; cells: string[] }[]> {
  const out: { line: number; cells: string[] }[] = [];
  await scanCsvFile(path, (r) => void out.push({ line: r.line, cells: r.texts() }), { chunkBytes, delimiter });
  return out;
}

/** A deterministic source of numbers in [0, 1) for the generated files. */
function random(seed: number): () => number {
  const source = createRandom(seed);
  return () => source.next();
}

function randomCsv(next: () => number): string {
  const pieces = ['a', 'Ünïcödé', '12.5', '', ' ', 'x,y', 'say "hi"', 'two\nlines', 'cr\r\nlf', '€'];
  const rows: string[] = [];
  const width = 1 + Math.floor(next() * 4);
  for (let r = 0; r < 1 + Math.floor(next() * 12); r++) {
    const cells = Array.from({ length: width }, () => {
      const v = pieces[Math.floor(next() * pieces.length)]!;
      return /[",\r\n]/.test(v) || next() < 0.1 ? `"${v.replaceAll('"', '""')}"` : v;
    });
    rows.push(cells.join(','));
  }
  const eol = next() < 0.5 ? '\n' : '\r\n';
  return rows.join(eol) + (next() < 0.5 ? eol : '');
}

describe('CSV scanner', () => {
  it('reads the same records and lines as csv-parse, whatever the chunk size', async () => {
    const next = random(7);
    for (let n = 0; n < 200; n++) {
      const text = randomCsv(next);
      const path = file(text);
      // A line holding only "" is one empty field to us (a row of the wrong width), an empty line to csv-parse.
      const notBlank = (cells: string[]) => !(cells.length === 1 && cells[0] === '');
      const expected = (parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][]).filter(notBlank);
      for (const chunk of [3, 7, 64, undefined]) {
        const got = await scan(path, chunk);
        expect(got.map((r) => r.cells).filter(notBlank), `case ${n}, chunk ${chunk}: ${JSON.stringify(text)}`).toEqual(expected);
      }
    }
  });

  it('reads every byte around word boundaries alike: separators, breaks and quotes at each place in a word, bytes just below and above them', async () => {
    // Cells of 0–9 bytes from bytes that are separators or near them in value ('+' 43, ',' 44, '-' 45, ':' 58, ';' 59, '<' 60, tab, space, '!'),
    // UTF-8 and letters: the scanner reads whole words where it can, and every cell must still end where csv-parse ends it.
    const next = random(11);
    const pieces = ['+', '-', ':', '<', ' ', '!', '#', 'a', 'Z', '0', 'é', '€', '\u007f'];
    for (const [delimiter, sep] of [[44, ','], [59, ';'], [9, '\t']] as const) {
      for (let n = 0; n < 120; n++) {
        const width = 1 + Math.floor(next() * 5);
        const rows: string[] = [];
        for (let r = 0; r < 1 + Math.floor(next() * 10); r++) {
          const cells = Array.from({ length: width }, () => {
            let cell = '';
            for (let k = Math.floor(next() * 10); k > 0; k--) cell += pieces[Math.floor(next() * pieces.length)]!;
            const other = sep === ',' ? ';' : ',';
            if (next() < 0.2) cell += other; // the other separators are plain text here
            return next() < 0.15 ? `"${cell}${sep}"` : cell;
          });
          rows.push(cells.join(sep));
        }
        const eol = next() < 0.5 ? '\n' : '\r\n';
        const text = rows.join(eol) + (next() < 0.5 ? eol : '');
        const path = file(text);
        const notBlank = (cells: string[]) => !(cells.length === 1 && cells[0] === '');
        const expected = (parse(text, { delimiter: sep, relax_column_count: true, skip_empty_lines: true, relax_quotes: false }) as string[][]).filter(notBlank);
        for (const chunk of [5, 8, 13, undefined]) {
          const got = await scan(path, chunk, delimiter);
          expect(got.map((r) => r.cells).filter(notBlank), `${JSON.stringify(sep)} case ${n}, chunk ${chunk}: ${JSON.stringify(text)}`).toEqual(expected);
        }
      }
    }
  });

  it('finds the first byte at or below the highest separator from any start to any end, by words or byte by byte', () => {
    const next = random(41);
    for (let round = 0; round < 400; round++) {
      // Mostly plain text, a low byte now and then; lengths around a few words, so starts and ends fall at every place in a word and past the last whole one.
      const bytes = Buffer.from(Array.from({ length: Math.floor(next() * 40) }, () => (next() < 0.08 ? [10, 13, 34, 44, 32, 59][Math.floor(next() * 6)]! : 45 + Math.floor(next() * 80))));
      const highest = next() < 0.5 ? 44 : 59;
      const below = Math.imul(highest + 1, 0x01010101);
      const words = wordsOf(bytes);
      expect(words).not.toBeNull();
      for (let end = 0; end <= bytes.length; end++) {
        for (let i = 0; i <= end + 1; i++) {
          let expected = i;
          while (expected < end && bytes[expected]! > highest) expected++;
          expected = Math.min(expected, end);
          expect(firstLowByte(bytes, words, i, end, highest, below)).toBe(expected);
          expect(firstLowByte(bytes, null, i, end, highest, below)).toBe(expected);
        }
      }
    }
  });

  it('numbers lines as an editor does: CRLF once, breaks inside quotes counted, empty lines skipped', async () => {
    const path = file('h1,h2\r\n"a\r\nb",c\r\n\r\nd,"e\nf\ng"\nh,i');
    expect(await scan(path, 4)).toEqual([
      { line: 1, cells: ['h1', 'h2'] },
      { line: 2, cells: ['a\r\nb', 'c'] },
      { line: 5, cells: ['d', 'e\nf\ng'] },
      { line: 8, cells: ['h', 'i'] },
    ]);
  });

  it('skips a byte order mark and reads semicolon and tab separated files', async () => {
    expect(await scan(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id;name\n1;"A;B"\n')])), undefined, 59)).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['1', 'A;B'] },
    ]);
    expect(await scan(file('id\tname\n1\tA,B\n'), undefined, 9)).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['1', 'A,B'] },
    ]);
  });

  it('sniffs the separator from the header row, ignoring separators inside quotes', async () => {
    expect(await sniffDelimiter(file('id,name,amount\n1,a;b,2\n'))).toBe(44);
    expect(await sniffDelimiter(file('id;name;amount\n1;a,b;2,5\n'))).toBe(59);
    expect(await sniffDelimiter(file('id\tname\n'))).toBe(9);
    expect(await sniffDelimiter(file('"a;b;c",name\n'))).toBe(44);
    expect(await sniffDelimiter(file(''))).toBe(44);
  });

  it('refuses broken quoting with the line it is on', async () => {
    const fails = async (text: string) => scan(file(text), 5).then(() => null, (e: unknown) => e);
    const unclosed = await fails('a,b\nc,"d\ne\n');
    expect(unclosed).toBeInstanceOf(MalformedCsvError);
    expect(unclosed).toMatchObject({ line: 2, message: expect.stringMatching(/^Quote Not Closed/) });
    expect(await fails('a,b\nc,d"e\n')).toMatchObject({ line: 2, message: expect.stringMatching(/^Invalid Opening Quote/) });
    expect(await fails('a,b\n\n"c"d,e\n')).toMatchObject({ line: 3, message: expect.stringMatching(/^Invalid Closing Quote/) });
  });

  it('hands a line reader each record first: the lines it reads skip onRecord, the others are scanned, on the same lines', async () => {
    // A reader of lines that start with x and hold no quote: their cells as the scanner would cut them.
    const next = random(5);
    const pieces = ['x1', 'x', 'a', '', 'Ünï', '"q,\nr"', '"s"'];
    for (let n = 0; n < 60; n++) {
      const eol = next() < 0.5 ? '\n' : '\r\n';
      const rows = Array.from({ length: 1 + Math.floor(next() * 12) }, () => Array.from({ length: 1 + Math.floor(next() * 3) }, () => pieces[Math.floor(next() * pieces.length)]!).join(','));
      const text = rows.join(next() < 0.2 ? '\n\n' : eol) + (next() < 0.5 ? eol : '');
      const path = file(text);
      const expected = await scan(path);
      for (const chunk of [4, 9, undefined]) {
        const got: { line: number; cells: string[]; by: string }[] = [];
        const lineReader: LineReader = {
          lines: 0,
          readLines(bytes, _words, at, end, line, base) {
            for (;;) {
              if (bytes[at] !== 120) return at;
              const lf = bytes.indexOf(10, at);
              if (lf < 0 || lf >= end) return at;
              const body = bytes.toString('utf8', at, bytes[lf - 1] === 13 ? lf - 1 : lf);
              if (/["\r]/.test(body)) return at;
              got.push({ line: line++, cells: body.split(','), by: `reader at ${base + lf + 1}` });
              this.lines++;
              at = lf + 1;
            }
          },
        };
        await scanCsvFile(path, (r) => void got.push({ line: r.line, cells: r.texts(), by: 'scanner' }), { chunkBytes: chunk, lineReader });
        expect(got.map(({ line, cells }) => ({ line, cells })), `case ${n}, chunk ${chunk}: ${JSON.stringify(text)}`).toEqual(expected);
        if (chunk === undefined) expect(got.some((r) => r.by !== 'scanner') || !/^x[^"\r\n]*\n/m.test(text)).toBe(true);
      }
    }
  });

  it('offers a line reader each line it did not read once: the scanner reads that one, then hands the reader the next', async () => {
    // Lines of x are the reader's, every other line the scanner's; a buffer of 4 bytes, or the whole file.
    const text = 'x1\nx2\na,b\nx3\n"q"\n"r"\nx4\nx5\nc\n';
    for (const chunk of [4, undefined]) {
      const refused: number[] = [];
      const scanned: string[] = [];
      const lineReader: LineReader = {
        lines: 0,
        readLines(bytes, _words, at, end, _line, base) {
          for (;;) {
            const lf = bytes.indexOf(10, at);
            // A line the buffer does not hold to its end yet is offered again once more has been read.
            if (lf < 0 || lf >= end) return at;
            if (bytes[at] !== 120) {
              refused.push(base + at);
              return at;
            }
            this.lines++;
            at = lf + 1;
          }
        },
      };
      await scanCsvFile(file(text), (r) => void scanned.push(r.texts().join(',')), { chunkBytes: chunk, lineReader });
      expect(scanned, `chunk ${chunk}`).toEqual(['a,b', 'q', 'r', 'c']);
      // The offsets of a,b, "q", "r" and c: each once.
      expect(refused, `chunk ${chunk}`).toEqual([6, 13, 17, 27]);
      expect(lineReader.lines).toBe(5);
    }
  });

  it('marks a quoted field whose bytes are not its text (it holds "" pairs); one without them reads as plain', async () => {
    const got: { quoted: number[]; plain: boolean[]; texts: string[] }[] = [];
    await scanCsvFile(file('"12","a ""b""",c,"",x\n"2,5","two\nlines"\n'), (r) => {
      const fields = Array.from({ length: r.count }, (_, k) => k);
      got.push({ quoted: fields.map((k) => r.quoted[k]!), plain: fields.map((k) => r.isPlain(k)), texts: r.texts() });
    });
    expect(got).toEqual([
      { quoted: [0, 1, 0, 0, 0], plain: [true, false, true, false, true], texts: ['12', 'a "b"', 'c', '', 'x'] },
      { quoted: [0, 0], plain: [true, true], texts: ['2,5', 'two\nlines'] },
    ]);
  });

  it('reads into a lent buffer, and gives back the bigger one a long record needed', async () => {
    const next = random(17);
    for (let k = 0; k < 30; k++) {
      const path = file(randomCsv(next));
      const expected = await scan(path);
      const lent = Buffer.alloc(8, 0xff);
      const got: { line: number; cells: string[] }[] = [];
      const summary = await scanCsvFile(path, (r) => void got.push({ line: r.line, cells: r.texts() }), { buffer: lent });
      expect(got).toEqual(expected);
      expect(summary.buffer === lent || summary.buffer.length > lent.length).toBe(true);
      // The buffer given back serves the next scan as well.
      const again: { line: number; cells: string[] }[] = [];
      await scanCsvFile(path, (r) => void again.push({ line: r.line, cells: r.texts() }), { buffer: summary.buffer });
      expect(again).toEqual(expected);
    }
    // Short records: the lent buffer is used throughout; a record longer than it grows a new one.
    const lent = Buffer.alloc(8);
    expect((await scanCsvFile(file('a,b\nc,d\n'), () => {}, { buffer: lent })).buffer).toBe(lent);
    const grown = (await scanCsvFile(file(`a,${'x'.repeat(100)}\nc,d\n`), () => {}, { buffer: lent })).buffer;
    expect(grown.length).toBeGreaterThan(100);
  });

  it('stops when the handler says so', async () => {
    const seen: number[] = [];
    await scanCsvFile(file('a\nb\nc\nd\n'), (r) => {
      seen.push(r.line);
      return r.line < 2;
    });
    expect(seen).toEqual([1, 2]);
  });
});
