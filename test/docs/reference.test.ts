// docs/reference.md stays in step with the code: the CSV columns, the CRM properties and
// Salesforce fields, and the config keys are read from the code here, so a column, property,
// field or key added (or renamed) on one side only fails this test until the other follows.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_FILES } from '../../src/adapters/crm/file/csv.columns.ts';
import { PROPERTY_SPECS } from '../../src/adapters/crm/hubspot/setup/hubspot.properties.ts';
import { allFieldSpecs, DEFAULT_FIELD_NAMES } from '../../src/adapters/crm/salesforce/setup/salesforce.fields.ts';
import { DEFAULT_CONFIG } from '../../src/config/config.defaults.ts';
import { configSchema } from '../../src/config/config.schema.ts';
import { ACTIVITY_TYPES, CONTACT_LAYERS, DEAL_STATUSES, RELATION_KINDS, SEGMENTS } from '../../src/domain/records.ts';

const root = resolve(import.meta.dirname, '../..');
const doc = readFileSync(resolve(root, 'docs/reference.md'), 'utf8');

/** The text under a heading, up to the next heading of the same or a higher level. */
function section(heading: string): string {
  const lines = doc.split('\n');
  const start = lines.indexOf(heading);
  expect(start, `heading "${heading}" in docs/reference.md`).toBeGreaterThan(-1);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && line.indexOf(' ') <= level);
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** Table rows whose first cell is a `name`: name → the other cells. */
function rows(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^\| `([^`]+)` \|(.*)\|$/.exec(line);
    if (match) found.set(match[1]!, match[2]!.split(' | ').map((cell) => cell.trim()));
  }
  return found;
}

/** `a.{x,y}.<name>` → a.x.*, a.y.* */
function expand(key: string): string[] {
  const normal = key.replace(/<[^>]+>/g, '*');
  const brace = /\{([^}]+)\}/.exec(normal);
  if (!brace) return [normal];
  return brace[1]!.split(',').flatMap((part) => expand(normal.replace(brace[0], part)));
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown) => (schema as { _zod: { def: Def } })._zod.def;

/** Every key a config file can hold, from the schema itself: `*` for names the user picks, `[]` for list items. */
function configKeys(schema: unknown, prefix = ''): string[] {
  const def = defOf(schema);
  const at = (key: string) => (prefix ? `${prefix}.${key}` : key);
  switch (def.type) {
    case 'pipe':
      return configKeys(def.out, prefix);
    case 'optional':
    case 'default':
    case 'nullable':
      return configKeys(def.innerType, prefix);
    case 'object': {
      const keys = Object.entries(def.shape as Record<string, unknown>).flatMap(([key, value]) => configKeys(value, at(key)));
      const rest = def.catchall ? defOf(def.catchall).type : 'never';
      return rest === 'never' || rest === 'unknown' ? keys : [...keys, ...configKeys(def.catchall, at('*'))];
    }
    case 'record':
      return configKeys(def.valueType, at('*'));
    case 'array':
      return configKeys(def.element, `${prefix}[]`);
    default:
      return [prefix];
  }
}

function defaultAt(key: string): unknown {
  return key.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], DEFAULT_CONFIG);
}

describe('docs/reference.md', () => {
  it.each(Object.values(CSV_FILES).map((spec) => [spec.name, spec] as const))('lists the columns of %s, which are required, and their allowed values', (name, spec) => {
    const documented = rows(section(`### ${name}`));
    expect([...documented.keys()]).toEqual([...spec.columns]);
    for (const [column, [required]] of documented) expect([column, required]).toEqual([column, (spec.required as readonly string[]).includes(column) ? 'yes' : 'no']);
    const allowed: Record<string, readonly string[]> = {
      'deals.csv status': DEAL_STATUSES,
      'activities.csv type': ACTIVITY_TYPES,
      'activities.csv contact_layer': CONTACT_LAYERS,
      'relations.csv kind': RELATION_KINDS,
      'overrides.csv segment': SEGMENTS,
    };
    for (const [column, cells] of documented) {
      for (const value of allowed[`${name} ${column}`] ?? []) expect(cells.join(' | '), `${name} ${column}`).toContain(`\`${value}\``);
    }
  });

  it('lists every HubSpot property, with the options of each enumeration', () => {
    const documented = rows(section('### HubSpot company properties'));
    expect([...documented.keys()].sort()).toEqual(PROPERTY_SPECS.map((p) => p.name).sort());
    for (const spec of PROPERTY_SPECS) {
      const cells = documented.get(spec.name)!.join(' | ');
      expect(cells, spec.name).toContain(spec.editable ? 'a person' : 'written');
      if (spec.type === 'enumeration') for (const option of spec.options ?? []) expect(cells, spec.name).toContain(`\`${option.value}\``);
    }
  });

  it('lists every Salesforce field', () => {
    const documented = rows(section('### Salesforce Account fields'));
    expect([...documented.keys()].sort()).toEqual(allFieldSpecs(DEFAULT_FIELD_NAMES).map((f) => f.fullName).sort());
    for (const field of allFieldSpecs(DEFAULT_FIELD_NAMES)) expect(documented.get(field.fullName)!.join(' | '), field.fullName).toContain(field.editable ? 'a person' : 'written');
  });

  it('lists every config key, and no key the config does not have', () => {
    const documented = [...rows(section('## 3. Configuration keys')).keys()].flatMap(expand);
    expect(new Set(documented).size).toBe(documented.length);
    expect(documented.sort()).toEqual(configKeys(configSchema).sort());
  });

  it('gives each single config key its default', () => {
    for (const [key, [, documented]] of rows(section('## 3. Configuration keys'))) {
      if (/[<{[]/.test(key)) continue;
      const value = defaultAt(key);
      if (typeof value === 'object' && value !== null) continue;
      expect([key, documented!.replaceAll('`', '')]).toEqual([key, value === undefined ? 'none' : String(value)]);
    }
  });

  it('is where the README sends readers for the details', () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    expect(readme).toContain('(docs/reference.md)');
    expect(readme).not.toContain('PRODUCT.md');
  });
});
