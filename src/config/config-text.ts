// Reads the text of a config file as YAML or JSON; a syntax error names the file, line and column.
// The YAML parser (72 modules) is loaded when a YAML file is read: most commands read none.
import type { ConfigError } from './config-errors.ts';

export type ConfigText = { ok: true; raw: unknown } | { ok: false; errors: ConfigError[] };

const syntaxError = (message: string): ConfigError => ({ path: '', value: undefined, message, code: 'config.syntax' });

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

class JsonStop {
  readonly at: number;
  constructor(at: number) {
    this.at = at;
  }
}

/** Where `text` stops being JSON: V8's message does not always say. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const stop = (): never => {
    throw new JsonStop(i);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i += 1;
  };
  const string = () => {
    if (text[i] !== '"') stop();
    for (i += 1; i < text.length; i += 1) {
      if (text[i] === '"') return void (i += 1);
      if (text[i] === '\\') i += 1;
      else if (text[i]! < ' ') stop();
    }
    stop();
  };
  const list = (close: string, item: () => void) => {
    i += 1;
    space();
    if (text[i] === close) return void (i += 1);
    for (;;) {
      item();
      space();
      if (text[i] === close) return void (i += 1);
      if (text[i] !== ',') stop();
      i += 1;
    }
  };
  const member = () => {
    space();
    string();
    space();
    if (text[i] !== ':') stop();
    i += 1;
    value();
  };
  const value = (): void => {
    space();
    if (text[i] === '{') return list('}', member);
    if (text[i] === '[') return list(']', value);
    if (text[i] === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) stop();
    i += literal![0].length;
  };
  try {
    value();
    space();
    if (i < text.length) stop();
  } catch (error) {
    if (error instanceof JsonStop) return error.at;
    throw error;
  }
  return i;
}

function parseJson(text: string, source: string): ConfigText {
  try {
    return { ok: true, raw: JSON.parse(text) };
  } catch (error) {
    const reason = (error as Error).message
      .replace(/ in JSON at position[\s\S]*$/, '')
      .replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, '');
    return { ok: false, errors: [syntaxError(`${source}: ${reason} at ${lineAndColumn(text, jsonErrorOffset(text))}`)] };
  }
}

async function parseYaml(text: string, source: string): Promise<ConfigText> {
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    // The pretty message is "<reason> at line L, column C:" followed by the offending lines.
    return { ok: false, errors: document.errors.map((error) => syntaxError(`${source}: ${error.message.split('\n')[0]!.replace(/:$/, '')}`)) };
  }
  try {
    return { ok: true, raw: document.toJS() };
  } catch (error) {
    return { ok: false, errors: [syntaxError(`${source}: ${(error as Error).message}`)] };
  }
}

/** `.json` files are JSON; anything else is YAML (which also reads JSON). */
export async function parseConfigText(text: string, source: string): Promise<ConfigText> {
  return /\.json$/i.test(source) ? parseJson(text, source) : await parseYaml(text, source);
}
