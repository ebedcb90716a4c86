// `node --import ./record-imports.mjs …`: appends every module URL the process resolves, one a
// line, to the file RECORD_IMPORTS names (recalc-input.test.ts checks what a command loads).
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (process.env.RECORD_IMPORTS) appendFileSync(process.env.RECORD_IMPORTS, resolved.url + '\\n');
  return resolved;
}`),
);
