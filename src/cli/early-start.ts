// What a command can start before its modules have loaded (bin/klantwaarde.js calls this
// first): the reading threads of a CSV folder for `recalc --input DIR` and `import`, and the
// thread that makes the second part of a large JSON or CSV document of results. The
// arguments are only looked at here; the command parses and checks them as always, and a
// thread started for a folder the command does not read is stopped unused.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startReadersEarly } from '../adapters/crm/file/early-readers.ts';
import { startResultPartEarly } from './result-part.early.ts';

export function startEarly(args: readonly string[]): void {
  const dir = csvFolderOf(args);
  if (dir === undefined) return;
  startReadersEarly(dir);
  if (makesResultsInParts(args) && fileSize(join(dir, 'companies.csv')) >= MANY_COMPANIES_BYTES) startResultPartEarly();
}

/** About 10,000 companies: a document of so many results is made in two parts (results-in-parts.ts). */
const MANY_COMPANIES_BYTES = 1 << 20;

/** Whether the command prints all the folder's results as JSON or CSV (the table, and one company, are made on one thread). */
export function makesResultsInParts(args: readonly string[]): boolean {
  const format = optionValue(args, 'format');
  return args[0] === 'recalc' && (format === 'json' || format === 'csv') && optionValue(args, 'company') === undefined;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** The CSV folder the command line reads, if it is one that reads a folder. */
export function csvFolderOf(args: readonly string[]): string | undefined {
  const command = args[0];
  if (command !== 'recalc' && command !== 'import') return undefined;
  // import takes the folder as its argument too.
  const dir = optionValue(args, 'input') ?? (command === 'import' && args[1] !== undefined && !args[1].startsWith('-') ? args[1] : undefined);
  return dir === '' ? undefined : dir;
}

/** The value of --name (as `--name value` or `--name=value`), if given. */
function optionValue(args: readonly string[], name: string): string | undefined {
  for (let k = 1; k < args.length; k++) {
    const arg = args[k]!;
    if (arg === `--${name}`) return args[k + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}
