// `npm test`'s pretest step: what the tests need besides node_modules, found, started or installed
// where this machine allows it — PostgreSQL at TEST_DATABASE_URL (default
// postgres://postgres@127.0.0.1:5432/test, trust auth) for the store, queue and lock suites, started
// with pg_ctlcluster when it is installed but down (and the database made when it is missing); and
// Debian's Chromium at /usr/bin/chromium for the dashboard's browser test, installed with apt-get
// when running as root. Anything still missing: one message saying what to install, and exit 1.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import pg from 'pg';

const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CHROMIUM = '/usr/bin/chromium';

const say = (line: string) => process.stderr.write(`pretest: ${line}\n`);
const has = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const isRoot = () => process.getuid?.() === 0;
const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env }).status === 0;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Chromium for the dashboard's browser test; null when it is there. */
function chromium(): string | null {
  if (executable(CHROMIUM)) return null;
  if (isRoot() && has('apt-get')) {
    say("installing Debian's chromium for the dashboard's browser test (apt-get)");
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq'], env) && run('apt-get', ['install', '-y', '-qq', 'chromium'], env) && executable(CHROMIUM)) return null;
  }
  return `Chromium at ${CHROMIUM} for the dashboard's browser test: install Debian's package (sudo apt-get install chromium)`;
}

async function tryConnect(url: string): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    return { ok: false, code: String((error as { code?: string }).code ?? ''), message: (error as Error).message };
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Every cluster pg_ctlcluster knows (/etc/postgresql/<version>/<name>), started. */
function startClusters(): boolean {
  if (!has('pg_ctlcluster') || !existsSync('/etc/postgresql')) return false;
  let started = false;
  for (const version of readdirSync('/etc/postgresql')) {
    for (const name of readdirSync(`/etc/postgresql/${version}`)) {
      say(`starting PostgreSQL ${version}/${name} (pg_ctlcluster)`);
      started = run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, 'start']) || started;
    }
  }
  return started;
}

/** PostgreSQL for the store, queue and lock tests; null when it answers. */
async function postgres(): Promise<string | null> {
  let result = await tryConnect(DATABASE_URL);
  if (!result.ok && result.code === 'ECONNREFUSED' && startClusters()) {
    for (let i = 0; i < 20 && !result.ok; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      result = await tryConnect(DATABASE_URL);
    }
  }
  if (!result.ok && result.code === '3D000') {
    // The server runs but has no such database: make it.
    const url = new URL(DATABASE_URL);
    const name = url.pathname.slice(1);
    url.pathname = '/postgres';
    const admin = new pg.Client({ connectionString: url.toString() });
    try {
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      say(`created the database ${name}`);
    } catch (error) {
      say(`could not create the database ${name}: ${(error as Error).message}`);
    } finally {
      await admin.end().catch(() => undefined);
    }
    result = await tryConnect(DATABASE_URL);
  }
  if (result.ok) return null;
  return `PostgreSQL at ${DATABASE_URL} (user postgres with trust auth for 127.0.0.1, database test) for the store, queue and lock tests — ${result.message}: install it (sudo apt-get install postgresql), set "host all all 127.0.0.1/32 trust" in its pg_hba.conf, start it; or set TEST_DATABASE_URL to a PostgreSQL that runs`;
}

const missing = [chromium(), await postgres()].filter((m): m is string => m !== null);
if (missing.length > 0) {
  process.stderr.write(`npm test needs ${missing.join('; and ')}.\n`);
  process.exit(1);
}
