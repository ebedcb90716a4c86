// Dependencies point inward (ARCHITECTURE.md rule 1): domain ← app ← adapters/http/cli ← main.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** Which top-level layers each layer may import from (itself always allowed). */
const allowed: Record<string, string[]> = {
  'src/domain': [],
  'src/app': ['src/domain'],
  'src/config': ['src/domain'],
  'webhooks': ['src/domain', 'src/app'],
  'src/adapters': ['src/domain', 'src/app', 'src/config'],
  'src/http': ['src/domain', 'src/app', 'src/config', 'webhooks'],
  'src/scheduler': ['src/domain', 'src/app', 'src/config'],
  'src/main.ts': ['src/domain', 'src/app', 'src/config', 'src/adapters', 'src/composition', 'src/http', 'src/scheduler', 'webhooks'],
  'src/composition': ['src/domain', 'src/app', 'src/config', 'src/adapters'],
  'src/cli': ['src/domain', 'src/app', 'src/config', 'src/adapters', 'src/composition', 'src/main.ts'],
};

function layerOf(file: string): string | null {
  const rel = relative(root, file).split(sep).join('/');
  for (const layer of Object.keys(allowed)) if (rel === layer || rel.startsWith(`${layer}/`)) return layer;
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function violations(): string[] {
  const found: string[] = [];
  for (const dir of ['src', 'webhooks']) {
    for (const file of sourceFiles(join(root, dir))) {
      const from = layerOf(file);
      if (!from) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(importPattern)) {
        const spec = match[1] ?? match[2] ?? '';
        if (from === 'src/domain' && spec.startsWith('node:')) found.push(`${relative(root, file)} imports ${spec} (domain does no I/O)`);
        if (!spec.startsWith('.')) continue;
        const to = layerOf(resolve(dirname(file), spec));
        if (!to || to === from) continue;
        if (!allowed[from]!.includes(to)) found.push(`${relative(root, file)} (${from}) imports ${spec} (${to})`);
      }
    }
  }
  return found;
}

describe('architecture', () => {
  it('keeps dependencies pointing inward', () => {
    expect(violations()).toEqual([]);
  });

  it('keeps the domain free of the clock and the environment', () => {
    const offenders = sourceFiles(join(root, 'src/domain'))
      .filter((file) => !file.endsWith('.test.ts'))
      .filter((file) => /Date\.now\(|new Date\(\)|process\.env|\bfetch\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(offenders).toEqual([]);
  });
});
