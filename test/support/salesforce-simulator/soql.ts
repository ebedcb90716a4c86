// The part of SOQL the connector speaks, parsed and evaluated: SELECT fields (dotted parent
// fields, child subqueries) FROM object [WHERE …] [ORDER BY …] [LIMIT n], with AND/OR,
// parentheses, = != < <= > >=, IN / NOT IN, and string, number, boolean, null, date and
// datetime literals. Anything else is refused the way Salesforce refuses it: MALFORMED_QUERY.

export type Literal = string | number | boolean | null | { date: number };
export type Condition =
  | { kind: 'and' | 'or'; parts: Condition[] }
  | { kind: 'compare'; field: string; op: '=' | '!=' | '<' | '<=' | '>' | '>='; value: Literal }
  | { kind: 'in'; field: string; not: boolean; values: Literal[] };

export interface Subquery {
  relationship: string;
  fields: string[];
}

export interface SoqlQuery {
  fields: string[];
  subqueries: Subquery[];
  from: string;
  where: Condition | null;
  orderBy: { field: string; descending: boolean }[];
  limit: number | null;
}

export class SoqlError extends Error {}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2}))|(\d{4}-\d{2}-\d{2})(?![\d:T])|(-?\d+(?:\.\d+)?)(?![\w-])|(!=|<=|>=|=|<|>|\(|\)|,)|([A-Za-z_][\w.]*))/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(text);
    if (!m) throw new SoqlError(`unexpected token at ${at}: ${text.slice(at, at + 20)}`);
    tokens.push(m[0].trim());
    at = TOKEN.lastIndex;
  }
  return tokens;
}

export function parseSoql(text: string): SoqlQuery {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    const t = tokens[i++];
    if (t === undefined) throw new SoqlError('unexpected end of query');
    return t;
  };
  const keyword = (word: string) => (peek()?.toUpperCase() === word ? (i++, true) : false);
  const expect = (word: string) => {
    if (!keyword(word)) throw new SoqlError(`expected ${word} near '${peek() ?? 'end'}'`);
  };
  const literal = (): Literal => {
    const t = next();
    if (t.startsWith("'")) return t.slice(1, -1).replace(/\\(.)/g, '$1');
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) return { date: Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) };
    if (/^-?\d/.test(t)) return Number(t);
    const upper = t.toUpperCase();
    if (upper === 'TRUE' || upper === 'FALSE') return upper === 'TRUE';
    if (upper === 'NULL') return null;
    throw new SoqlError(`expected a value, found '${t}'`);
  };
  const selectList = (): { fields: string[]; subqueries: Subquery[] } => {
    const fields: string[] = [];
    const subqueries: Subquery[] = [];
    do {
      if (peek() === '(') {
        i++;
        expect('SELECT');
        const inner = selectList();
        expect('FROM');
        subqueries.push({ relationship: next(), fields: inner.fields });
        if (next() !== ')') throw new SoqlError('expected ) after a subquery');
      } else fields.push(next());
    } while (peek() === ',' && (i++, true));
    return { fields, subqueries };
  };
  const atom = (): Condition => {
    if (peek() === '(') {
      i++;
      const inner = or();
      if (next() !== ')') throw new SoqlError('expected )');
      return inner;
    }
    const field = next();
    const not = keyword('NOT');
    if (keyword('IN')) {
      if (next() !== '(') throw new SoqlError('expected ( after IN');
      const values: Literal[] = [];
      do values.push(literal());
      while (peek() === ',' && (i++, true));
      if (next() !== ')') throw new SoqlError('expected ) after an IN list');
      return { kind: 'in', field, not, values };
    }
    if (not) throw new SoqlError('expected IN after NOT');
    const op = next();
    if (!['=', '!=', '<', '<=', '>', '>='].includes(op)) throw new SoqlError(`unknown operator '${op}'`);
    return { kind: 'compare', field, op: op as '=', value: literal() };
  };
  const and = (): Condition => {
    const parts = [atom()];
    while (keyword('AND')) parts.push(atom());
    return parts.length === 1 ? parts[0]! : { kind: 'and', parts };
  };
  const or = (): Condition => {
    const parts = [and()];
    while (keyword('OR')) parts.push(and());
    return parts.length === 1 ? parts[0]! : { kind: 'or', parts };
  };

  expect('SELECT');
  const { fields, subqueries } = selectList();
  expect('FROM');
  const from = next();
  const where = keyword('WHERE') ? or() : null;
  const orderBy: SoqlQuery['orderBy'] = [];
  if (keyword('ORDER')) {
    expect('BY');
    do {
      const field = next();
      const descending = keyword('DESC');
      if (!descending) keyword('ASC');
      orderBy.push({ field, descending });
    } while (peek() === ',' && (i++, true));
  }
  const limit = keyword('LIMIT') ? Number(next()) : null;
  if (i < tokens.length) throw new SoqlError(`unexpected '${tokens[i]}'`);
  return { fields, subqueries, from, where, orderBy, limit };
}

/** Values stored in the org: strings (dates as ISO text), numbers, booleans, null. */
type Value = unknown;

function comparable(value: Value, literal: Literal): [unknown, unknown] {
  if (literal !== null && typeof literal === 'object') return [typeof value === 'string' ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN, literal.date];
  return [value ?? null, literal];
}

export function matches(condition: Condition | null, get: (field: string) => Value): boolean {
  if (condition === null) return true;
  switch (condition.kind) {
    case 'and':
      return condition.parts.every((p) => matches(p, get));
    case 'or':
      return condition.parts.some((p) => matches(p, get));
    case 'in': {
      const found = condition.values.some((v) => {
        const [a, b] = comparable(get(condition.field), v);
        return a === b;
      });
      return condition.not ? !found : found;
    }
    case 'compare': {
      const [a, b] = comparable(get(condition.field), condition.value);
      if (condition.op === '=') return a === b;
      if (condition.op === '!=') return a !== b;
      if (a === null || b === null || (typeof a === 'number' && Number.isNaN(a))) return false;
      const x = a as number | string;
      const y = b as number | string;
      return condition.op === '<' ? x < y : condition.op === '<=' ? x <= y : condition.op === '>' ? x > y : x >= y;
    }
  }
}
