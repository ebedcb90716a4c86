// `klantwaarde config check [FILE]`: the effective config as YAML, or every refused value.
import { configHash } from './config-hash.ts';
import { formatConfigErrors, loadConfig } from './load-config.ts';

export interface ConfigCheck {
  /** 0 = valid, 2 = bad config (PRODUCT.md §5). */
  exitCode: 0 | 2;
  output: string;
}

export async function configCheck(path: string | undefined, env: Record<string, string | undefined>, cwd?: string): Promise<ConfigCheck> {
  const result = await loadConfig({ path, env, cwd });
  if (!result.ok) {
    const count = result.errors.length === 1 ? '1 error' : `${result.errors.length} errors`;
    return { exitCode: 2, output: `# ${result.source}: not valid (${count}); nothing will run on it\n${formatConfigErrors(result.errors)}\n` };
  }
  const notes = (result.notices ?? []).map((notice) => `# note: ${notice}\n`).join('');
  const header = `# ${result.source === 'defaults' ? 'no config file: all defaults' : result.source}\n# config hash ${configHash(result.config)}\n${notes}`;
  const { stringify } = await import('yaml');
  return { exitCode: 0, output: header + stringify(result.config, { lineWidth: 0 }) };
}
