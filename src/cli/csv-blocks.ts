// CSV records written straight into the blocks that go to the output. A record is the line
// csvLine makes, made terminal-safe and encoded as encodeBlocks does, byte for byte; but its
// numbers are written as digits and its texts copied in, with no cell strings, no joined line
// and no second pass to encode it: for 100,000 companies the line strings took about as long
// as computing the results.
import { isoDate } from '../domain/time.ts';
import type { Instant } from '../domain/records.ts';
import type { CompanyResult } from '../domain/results.ts';
import { BLOCK_BYTES, csvCell, csvLine, encodeBlocks, formatRecords, numberText, terminalText } from './output.ts';

/** The JSON or CSV records of the results as encodeBlocks(formatRecords(…)) gives them: CSV written straight into the blocks. */
export function recordBlocks(results: Iterable<CompanyResult>, calculatedAt: Instant, format: 'json' | 'csv', first: boolean): Iterable<Buffer> {
  return format === 'csv' ? csvBlocks(results, calculatedAt) : encodeBlocks(formatRecords(results, calculatedAt, format, first));
}

/** Room for a money cell: a sign, 13 digits, the decimal point and two decimals, or String() of a larger one. */
const MONEY_BYTES = 32;
/** The cells that are numbers (money, share of wallet, rank) and the commas and line break between the cells. */
const FIXED_BYTES = 10 * MONEY_BYTES + 23 + 8;

/** The CSV records of the results, in blocks of about 64 kB, each on a buffer of its own. */
export function* csvBlocks(results: Iterable<CompanyResult>, calculatedAt: Instant): Generator<Buffer> {
  const at = csvCell(new Date(calculatedAt).toISOString());
  const out = new BlockWriter();
  for (const r of results) {
    const overrideSegment = r.override?.segment ?? null;
    const overrideReason = r.override?.reason ?? null;
    const nextContact = r.nextContactDate === null ? null : isoDate(r.nextContactDate);
    const texts = r.companyId.length + (r.segment?.length ?? 0) + (r.segmentComputed?.length ?? 0) + (overrideSegment?.length ?? 0) + (overrideReason?.length ?? 0) + r.pyramidLevel.length + (nextContact?.length ?? 0) + r.contactPlan.length + r.serviceFlag.length + r.recommendedAction.length + r.explanation.length + at.length;
    // A cell as csvCell makes it takes at most three bytes per UTF-16 unit, one more per quote doubled, and three more (an apostrophe and two quotes).
    const full = out.room(texts * 4 + 12 * 3 + FIXED_BYTES);
    if (full) yield full;
    const start = out.used;
    const written =
      out.cell(r.companyId) &&
      out.comma() &&
      out.cell(r.segment) &&
      out.comma() &&
      out.cell(r.segmentComputed) &&
      out.comma() &&
      out.cell(overrideSegment) &&
      out.comma() &&
      out.cell(overrideReason) &&
      out.comma() &&
      out.cell(r.pyramidLevel) &&
      out.comma() &&
      out.money(r.revenue) &&
      out.money(r.grossMargin) &&
      out.money(r.costToServe) &&
      out.money(r.netContribution) &&
      out.money(r.clv) &&
      out.money(r.strategicValue) &&
      out.money(r.totalValue) &&
      out.money(r.growthPotential) &&
      (r.shareOfWallet === null ? out.comma() : out.money(r.shareOfWallet * 100)) &&
      (r.valueRank === null ? true : out.count(r.valueRank)) &&
      out.comma() &&
      out.cell(nextContact) &&
      out.comma() &&
      out.text(r.contactOverdue ? 'yes' : 'no') &&
      out.comma() &&
      out.cell(r.contactPlan) &&
      out.comma() &&
      out.cell(r.serviceFlag) &&
      out.comma() &&
      out.cell(r.recommendedAction) &&
      out.comma() &&
      out.cell(r.explanation) &&
      out.comma() &&
      out.text(at) &&
      out.byte(10);
    if (!written) {
      // A control character in a text: the line as encodeBlocks writes it, escape sequences and all taken out.
      out.used = start;
      const line = terminalText(csvLine(r, at));
      const again = out.room(line.length * 3);
      if (again) yield again;
      out.used += out.block.write(line, out.used);
    }
  }
  const last = out.rest();
  if (last) yield last;
}

/** The first characters that make csvCell guard a cell against a spreadsheet formula: = + - @ tab CR. */
const FORMULA_FIRST = new Uint8Array(128);
for (const c of '=+-@\t\r') FORMULA_FIRST[c.charCodeAt(0)] = 1;

/** What terminalText takes out besides escape sequences: a control character other than tab, LF and CR. */
function unsafe(c: number): boolean {
  return (c < 32 && c !== 9 && c !== 10 && c !== 13) || (c >= 127 && c <= 159);
}

/** A block being filled; each method writes at `used` and says whether it could (false: a text with a control character). */
class BlockWriter {
  block = Buffer.allocUnsafe(BLOCK_BYTES);
  used = 0;

  /** Room for `bytes` more: the block filled so far when a new one had to be started for them. */
  room(bytes: number): Buffer | null {
    if (this.used + bytes <= this.block.length) return null;
    const full = this.used > 0 ? this.block.subarray(0, this.used) : null;
    this.block = Buffer.allocUnsafe(Math.max(BLOCK_BYTES, bytes));
    this.used = 0;
    return full;
  }

  rest(): Buffer | null {
    return this.used > 0 ? this.block.subarray(0, this.used) : null;
  }

  byte(c: number): true {
    this.block[this.used++] = c;
    return true;
  }

  comma(): true {
    return this.byte(44);
  }

  /** The text as UTF-8; false when it holds a character terminalText would take out. */
  text(s: string): boolean {
    const end = this.encode(s, this.used);
    if (end < 0) return false;
    this.used = end;
    return true;
  }

  /**
   * csvCell(value), written as it is encoded: quoted when it holds a comma or a line break.
   * A text that starts like a formula, or holds a quote, goes through csvCell (rare). False as
   * text() says.
   */
  cell(value: string | null): boolean {
    if (value === null) return true;
    const first = value.length > 0 ? value.charCodeAt(0) : 0;
    if (first < 128 && FORMULA_FIRST[first] === 1) return this.text(csvCell(value));
    const start = this.used;
    const end = this.encode(value, start);
    if (end < 0) return false;
    if (this.#quotes) return this.text(csvCell(value));
    if (this.#breaks) {
      // Moved one place on for the opening quote (only the cells with commas or line breaks).
      this.block.copyWithin(start + 1, start, end);
      this.block[start] = 34;
      this.block[end + 1] = 34;
      this.used = end + 2;
    } else {
      this.used = end;
    }
    return true;
  }

  /** Whether the text encode() wrote last held a quote; a comma or a line break. */
  #quotes = false;
  #breaks = false;

  /**
   * Writes s as UTF-8 from `at` (as Buffer.write does: a lone surrogate as U+FFFD) and returns
   * where it ends; -1 when s holds a character terminalText would take out.
   */
  private encode(s: string, at: number): number {
    const block = this.block;
    let quotes = false;
    let breaks = false;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c < 128) {
        if (c < 45) {
          if (unsafe(c)) return -1;
          if (c === 34) quotes = true;
          else if (c === 44 || c === 10 || c === 13) breaks = true;
        } else if (c === 127) {
          return -1;
        }
        block[at++] = c;
        continue;
      }
      if (c <= 159) return -1;
      if (c < 0x800) {
        block[at++] = 0xc0 | (c >> 6);
        block[at++] = 0x80 | (c & 63);
        continue;
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          block[at++] = 0xf0 | (point >> 18);
          block[at++] = 0x80 | ((point >> 12) & 63);
          block[at++] = 0x80 | ((point >> 6) & 63);
          block[at++] = 0x80 | (point & 63);
          i++;
          continue;
        }
        c = 0xfffd;
      }
      block[at++] = 0xe0 | (c >> 12);
      block[at++] = 0x80 | ((c >> 6) & 63);
      block[at++] = 0x80 | (c & 63);
    }
    this.#quotes = quotes;
    this.#breaks = breaks;
    return at;
  }

  /** moneyCell(value) and a comma. */
  money(value: number): true {
    const hundredths = Math.round(value * 100);
    if (hundredths === 0) return this.byte(48) && this.comma();
    const abs = Math.abs(hundredths);
    if (!(abs < 1e15)) {
      this.text(String(hundredths / 100));
      return this.comma();
    }
    if (hundredths < 0) this.byte(45);
    const fraction = abs % 100;
    this.digits((abs - fraction) / 100);
    if (fraction !== 0) {
      this.byte(46);
      if (fraction % 10 === 0) this.byte(48 + fraction / 10);
      else {
        this.byte(48 + Math.floor(fraction / 10));
        this.byte(48 + (fraction % 10));
      }
    }
    return this.comma();
  }

  /** numberText(String(n)) of a count (a rank). */
  count(n: number): true {
    if (Number.isSafeInteger(n) && n >= 0) this.digits(n);
    else this.text(numberText(String(n)));
    return true;
  }

  /** A whole number 0 ≤ n < 2^53 in decimal digits. */
  private digits(n: number): void {
    let length = 1;
    for (let t = n; t >= 10; t = Math.floor(t / 10)) length++;
    let at = this.used + length;
    this.used = at;
    do {
      const next = Math.floor(n / 10);
      this.block[--at] = 48 + (n - next * 10);
      n = next;
    } while (n > 0);
  }
}
