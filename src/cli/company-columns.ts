// A run's companies as a few columns, to hand them to another thread (result-part.thread.ts):
// structured cloning 50,000 company objects took the main thread 65–95 ms and the other
// thread as long again, while the other core waited for the part; a string and three typed
// arrays are copied (or moved) whole, in a few milliseconds. Every field of Company is
// carried and read back to the same value; a field that is absent comes back undefined.
import type { Company } from '../domain/records.ts';

/** The text fields, in the order they are laid out. */
const TEXTS = ['id', 'name', 'parentId', 'industry', 'lifecycleStage', 'ownerId'] as const;
/** The number fields, likewise. */
const NUMBERS = ['createdAt', 'employees', 'annualRevenue', 'estimatedWallet', 'satisfaction', 'satisfactionResponses'] as const;
/** The yes/no fields. */
type Flag = 'isReference' | 'codevelopment';

// Every field of Company is carried: a field added to Company and not here fails to compile.
type Carried = (typeof TEXTS)[number] | (typeof NUMBERS)[number] | Flag;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const carriesEveryField: Same<Carried, keyof Company> = true;
void carriesEveryField;

export interface CompanyColumns {
  count: number;
  /** The text fields of every company, one after the other. */
  text: string;
  /** Per company per text field, its length in `text` (−1: absent). */
  textLengths: Int32Array;
  /** Per company per number field, its value (presence in `present`). */
  numbers: Float64Array;
  /** Per company: bit k set when NUMBERS[k] is there; bits 8 and 9 isReference there and true, bits 10 and 11 codevelopment. */
  present: Uint16Array;
}

export function companyColumns(companies: readonly Company[]): CompanyColumns {
  const count = companies.length;
  const textLengths = new Int32Array(count * TEXTS.length);
  const numbers = new Float64Array(count * NUMBERS.length);
  const present = new Uint16Array(count);
  // Added up, not joined from a list: V8 flattens the sum once, when it is sent (3–4 times quicker here).
  let text = '';
  let t = 0;
  const putText = (value: string | undefined) => {
    if (value === undefined) textLengths[t++] = -1;
    else {
      textLengths[t++] = value.length;
      text += value;
    }
  };
  /** NUMBERS[k] of the company whose numbers start at n, when it has one: its bit in `present`. */
  const putNumber = (n: number, k: number, value: number | undefined): number => {
    if (value === undefined) return 0;
    numbers[n + k] = value;
    return 1 << k;
  };
  // Field by field, not by key: a read by a variable key is a slow lookup per field.
  for (let i = 0; i < count; i++) {
    const c = companies[i]!;
    putText(c.id);
    putText(c.name);
    putText(c.parentId);
    putText(c.industry);
    putText(c.lifecycleStage);
    putText(c.ownerId);
    const n = i * NUMBERS.length;
    numbers[n] = c.createdAt;
    let bits = 1 | putNumber(n, 1, c.employees) | putNumber(n, 2, c.annualRevenue) | putNumber(n, 3, c.estimatedWallet) | putNumber(n, 4, c.satisfaction) | putNumber(n, 5, c.satisfactionResponses);
    if (c.isReference !== undefined) bits |= (c.isReference ? 3 : 1) << 8;
    if (c.codevelopment !== undefined) bits |= (c.codevelopment ? 3 : 1) << 10;
    present[i] = bits;
  }
  return { count, text, textLengths, numbers, present };
}

/** The companies again, each with every field of Company as a property of its own (undefined where absent), all of one shape. */
export function companiesOf(columns: CompanyColumns): Company[] {
  const { count, text, textLengths, numbers, present } = columns;
  if (textLengths.length !== count * TEXTS.length || numbers.length !== count * NUMBERS.length || present.length !== count) throw new Error(`company columns of ${textLengths.length / TEXTS.length}, ${numbers.length / NUMBERS.length} and ${present.length} companies, where ${count} were sent`);
  const companies = new Array<Company>(count);
  /** Where the next text starts: the texts are taken in the order companyColumns added them. */
  let at = 0;
  const textAt = (i: number, k: number): string | undefined => {
    const length = textLengths[i * TEXTS.length + k]!;
    if (length < 0) return undefined;
    return text.slice(at, (at += length));
  };
  const numberAt = (i: number, k: number, bits: number): number | undefined => ((bits & (1 << k)) === 0 ? undefined : numbers[i * NUMBERS.length + k]!);
  const flagAt = (k: number, bits: number): boolean | undefined => ((bits & (1 << (8 + 2 * k))) === 0 ? undefined : (bits & (1 << (9 + 2 * k))) !== 0);
  for (let i = 0; i < count; i++) {
    const bits = present[i]!;
    // Every field set, in the order the CSV reader sets them (file.mapper.ts everyCompanyField): one shape for all.
    const id = textAt(i, 0)!;
    const name = textAt(i, 1)!;
    const parentId = textAt(i, 2);
    const industry = textAt(i, 3);
    const lifecycleStage = textAt(i, 4);
    const ownerId = textAt(i, 5);
    companies[i] = {
      id,
      name,
      createdAt: numberAt(i, 0, bits)!,
      parentId,
      industry,
      employees: numberAt(i, 1, bits),
      annualRevenue: numberAt(i, 2, bits),
      lifecycleStage,
      ownerId,
      isReference: flagAt(0, bits),
      codevelopment: flagAt(1, bits),
      estimatedWallet: numberAt(i, 3, bits),
      satisfaction: numberAt(i, 4, bits),
      satisfactionResponses: numberAt(i, 5, bits),
    };
  }
  if (at !== text.length) throw new Error(`company columns with ${text.length - at} characters of text left over`);
  return companies;
}
