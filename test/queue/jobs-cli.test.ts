// klantwaarde jobs: the queue's state and dead letters as a user sees them, and --retry-dead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QUEUE_FILE } from '../../src/adapters/queue/create-queue.ts';
import { createSqliteQueue } from '../../src/adapters/queue/sqlite.queue.ts';
import { cli } from '../cli/cli-support.ts';

describe('klantwaarde jobs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kw-jobs-'));
    let now = Date.now() - 10_000;
    const queue = createSqliteQueue({ path: join(dir, 'data', QUEUE_FILE), settleMs: 0, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 }, now: () => now });
    await queue.acceptEvents([
      { tenant: 'hubspot:62515', eventId: '1', objects: [{ tenant: 'hubspot:62515', objectType: 'company', objectId: '4001', reason: 'changed' }] },
      { tenant: 'hubspot:62515', eventId: '2', objects: [{ tenant: 'hubspot:62515', objectType: 'deal', objectId: '9001', reason: 'changed' }] },
    ]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const items = (await queue.claim(10)).filter((i) => i.objectId === '4001');
      await queue.fail(items, 'crm.invalid_value: kw_segment: X was not one of the allowed options');
      now += 1_000;
    }
    await queue.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = () => ({ KLANTWAARDE_DATA_DIR: join(dir, 'data') });

  it('shows what waits and the dead letters with their reason', async () => {
    const run = await cli(['jobs'], env(), dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Work queue: SQLite, ${join(dir, 'data')}/queue.db`);
    expect(run.stdout).toMatch(/waiting\s+0/);
    expect(run.stdout).toMatch(/in progress\s+1/);
    expect(run.stdout).toMatch(/dead\s+1/);
    expect(run.stdout).toContain('hubspot:62515  company 4001');
    expect(run.stdout).toContain('crm.invalid_value: kw_segment: X was not one of the allowed options');
  });

  it('prints JSON on request', async () => {
    const run = await cli(['jobs', '--format', 'json'], env(), dir);
    const parsed = JSON.parse(run.stdout) as { queue: { dead: number }; deadLetters: { objectId: string; attempts: number }[] };
    expect(parsed.queue.dead).toBe(1);
    expect(parsed.deadLetters).toMatchObject([{ objectId: '4001', attempts: 2 }]);
  });

  it('queues the dead letters again with --retry-dead', async () => {
    const retried = await cli(['jobs', '--retry-dead'], env(), dir);
    expect(retried).toMatchObject({ code: 0, stdout: '1 dead letter queued again.\n' });
    const after = JSON.parse((await cli(['jobs', '--format', 'json'], env(), dir)).stdout) as { queue: { waiting: number; dead: number } };
    expect(after.queue).toMatchObject({ waiting: 1, dead: 0 });
  });

  it('fails with a message when --retry-dead names an id that is not a dead letter', async () => {
    const unknown = await cli(['jobs', '--retry-dead', '123'], env(), dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('jobs.not_found: No dead letter with id 123');
    const before = JSON.parse((await cli(['jobs', '--format', 'json'], env(), dir)).stdout) as { queue: { dead: number }; deadLetters: { id: string }[] };
    expect(before.queue.dead).toBe(1);
    // The known one is queued again; the unknown one is still reported.
    const mixed = await cli(['jobs', '--retry-dead', before.deadLetters[0]!.id, '123'], env(), dir);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toBe('1 dead letter queued again.\n');
    expect(mixed.stderr).toContain('No dead letter with id 123');
  });

  it('refuses a bad option with exit code 2', async () => {
    const run = await cli(['jobs', '--format', 'xml'], env(), dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--format xml: expected one of table, json');
  });
});
