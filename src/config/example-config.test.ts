import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { DEFAULT_CONFIG } from './config.defaults.ts';
import { loadConfig } from './load-config.ts';

const example = resolve(import.meta.dirname, '../../klantwaarde.config.example.yaml');

describe('klantwaarde.config.example.yaml', () => {
  it('loads to exactly the defaults', async () => {
    expect(await loadConfig({ path: example })).toEqual({ ok: true, config: DEFAULT_CONFIG, source: example });
  });

  it('spells out every key with its default', async () => {
    // Equal before merging: no key is left to the defaults, so the file documents them all.
    expect(YAML.parse(await readFile(example, 'utf8'))).toEqual(DEFAULT_CONFIG);
  });

  it('says what the keys mean instead of pointing at documents a user does not have', async () => {
    const text = await readFile(example, 'utf8');
    expect(text).not.toMatch(/§|\bseeds?\b|PRODUCT\.md|PLATFORM\.md/i);
    expect(text).toContain('docs/reference.md');
  });

});
