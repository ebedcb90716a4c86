// npm start on a port another program holds: it says so in one line naming the port and exits 1,
// before loading anything or starting the worker and the schedule (it used to keep them running).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const dataDir = mkdtempSync(join(tmpdir(), 'kw-port-'));
let holder: Server;
let port: number;

beforeAll(async () => {
  holder = createServer().listen(0, '127.0.0.1');
  await once(holder, 'listening');
  port = (holder.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((done) => holder.close(done));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start on a port that is taken', () => {
  it('exits 1 with one line naming the port, having started nothing', { timeout: 5_000 }, async () => {
    const child = spawn(process.execPath, ['src/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '', KLANTWAARDE_DATA_DIR: dataDir, LOG_LEVEL: 'info', DATABASE_URL: '', HUBSPOT_ACCESS_TOKEN: '', HUBSPOT_CLIENT_ID: '', DASHBOARD_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(stderr).toBe(`server.cannot_listen: Cannot listen on 127.0.0.1 port ${port}: another program is using it (set PORT to another port) (EADDRINUSE).\n`);
    // Listening came first: no sample portal loaded, no worker, no schedule.
    expect(stdout).not.toContain('sample portal');
    expect(stdout).not.toContain('scheduler started');
  });
});
