// npm start's main job on the embedded default: a real child process boots on an empty
// data folder, loads the sample portal, computes, answers, and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/adapters/store/sqlite/sqlite.store.ts';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'kw-smoke-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start (local mode)', () => {
  it('boots, computes the sample portal, answers /health and a company, and shuts down cleanly', async () => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', KLANTWAARDE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', DATABASE_URL: '', HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_CLIENT_ID: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    const url = await new Promise<string>((done, fail) => {
      const timer = setInterval(() => {
        const match = /Dashboard\s+(http:\/\/localhost:\d+)\//.exec(output);
        if (match) {
          clearInterval(timer);
          done(match[1]!);
        }
      }, 100);
      void exited.then(() => fail(new Error(`server exited early:\n${output}`)));
    });

    expect(await (await fetch(`${url}/health`)).json()).toEqual({ status: 'ok' });
    const company = (await (await fetch(`${url}/api/companies/c-000001`)).json()) as { result: { companyId: string; segment: string | null } };
    expect(company.result.companyId).toBe('c-000001');
    expect((await fetch(`${url}/api/companies/nope`)).status).toBe(404);
    expect((await fetch(`${url}/`)).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // The run's results are in the store after the shutdown.
    const store = createSqliteStore({ path: join(dataDir, 'klantwaarde.db') });
    await store.migrate();
    expect(await store.lastRun('local', 'full', 'succeeded')).not.toBeNull();
    expect(await store.latestResults('local')).toHaveLength(300);
    await store.close();
  });
});
