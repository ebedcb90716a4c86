// Write-back to HubSpot: kw_ properties in batches of 100, nothing when nothing changed,
// a failing id retried alone and reported, a daily limit that stops cleanly, a 5xx retried.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { HUBSPOT_PATHS } from '../../src/adapters/crm/hubspot/client/hubspot.paths.ts';
import type { CompanyUpdate } from '../../src/app/ports/crm.port.ts';
import type { WriteSet } from '../../src/adapters/crm/hubspot/write/hubspot.echo-log.ts';
import { createHubSpotWriter } from '../../src/adapters/crm/hubspot/write/hubspot.writer.ts';
import { BASE, fixture, json, testClient } from './helpers.ts';

const PATH = HUBSPOT_PATHS.batchUpdate('companies');

guardNock();

function updates(count: number, from = 1): CompanyUpdate[] {
  return Array.from({ length: count }, (_, i) => ({ companyId: String(from + i), values: { segment: 'B', total_value: '1250.50', next_contact_date: null } }));
}

type Input = { id: string; properties: Record<string, string> };

/** Answers a batch update the way HubSpot does when all inputs are accepted. */
function accepted(body: unknown) {
  const inputs = json(body).inputs as Input[];
  return { status: 'COMPLETE', results: inputs.map((i) => ({ id: i.id, properties: i.properties, createdAt: '2020-01-01T00:00:00Z', updatedAt: '2026-11-01T10:00:00Z', archived: false })), startedAt: '2026-11-01T10:00:00Z', completedAt: '2026-11-01T10:00:01Z' };
}

/** The first batch update answers 207: every input accepted but `id`, refused as `file` records it. */
function firstBatchRefuses(file: string, id: string) {
  const failing = fixture(file);
  (failing.errors as { context: { ids: string[] } }[])[0]!.context.ids = [id];
  const scope = nock(BASE)
    .post(PATH)
    .reply(207, async (request: Request) => {
      const all = accepted(await request.json());
      return { ...all, results: all.results.filter((r) => r.id !== id), errors: failing.errors, numErrors: 1 };
    });
  return { scope, failing };
}

function writer(options: { concurrency?: number } = {}) {
  const { client } = testClient({ rateLimit: 1000 });
  return createHubSpotWriter({ client, tenant: 'hubspot:4242', ...options });
}

describe('HubSpot writer', () => {
  it('writes the values as kw_ properties, 100 companies per batch update', async () => {
    const seen: Input[][] = [];
    nock(BASE)
      .post(PATH)
      .times(3)
      .reply(200, async (request: Request) => {
        const body = await request.json();
        seen.push((body as { inputs: Input[] }).inputs);
        return accepted(body);
      });
    const recorded: string[][] = [];
    const report = await writer({ concurrency: 1 }).write(updates(250), async (batch) => {
      recorded.push(batch.map((u) => u.companyId));
    });
    expect(seen.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(seen[0]![0]).toEqual({ id: '1', properties: { kw_segment: 'B', kw_total_value: '1250.50', kw_next_contact_date: '' } });
    expect(recorded.map((b) => b.length)).toEqual([100, 100, 50]);
    expect(report).toMatchObject({ apiCalls: 3, failed: [], stoppedBy: null });
    expect(report.written).toHaveLength(250);
  });

  it('sends nothing when nothing changed', async () => {
    let called = false;
    const w = writer();
    const none = await w.write([], async () => {
      called = true;
    });
    const empty = await w.write([{ companyId: '1', values: {} }], async () => {
      called = true;
    });
    expect([none.apiCalls, empty.apiCalls, called]).toEqual([0, 0, false]);
  });

  it('reports a company a 207 refuses with a validation error, without sending it again', async () => {
    firstBatchRefuses('batch-update-207.json', '7');
    const recorded: string[] = [];
    const report = await writer().write(updates(10), async (batch) => {
      recorded.push(...batch.map((u) => u.companyId));
    });
    expect(recorded).toHaveLength(9);
    expect(recorded).not.toContain('7');
    expect(report.failed).toEqual([{ companyId: '7', code: 'crm.invalid_value', message: expect.stringContaining('allowed options') }]);
    expect(report.apiCalls).toBe(1);
  });

  it('retries alone an id a 207 refused for another reason, and reports it when it fails again', async () => {
    const { scope, failing } = firstBatchRefuses('batch-update-207-conflict.json', '7');
    scope.post(PATH, (body) => (json(body).inputs as Input[]).length === 1).reply(207, failing);
    const report = await writer().write(updates(10), async () => {});
    expect(report.written).toHaveLength(9);
    expect(report.failed).toEqual([{ companyId: '7', code: 'crm.write_failed', message: expect.stringContaining('another request') }]);
    expect(report.apiCalls).toBe(2);
  });

  it('writes an id refused for another reason that goes through when retried alone', async () => {
    const { scope } = firstBatchRefuses('batch-update-207-conflict.json', '3');
    scope.post(PATH).reply(200, async (request: Request) => accepted(await request.json()));
    const report = await writer().write(updates(5), async () => {});
    expect(report.written.map((u) => u.companyId).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(report.failed).toEqual([]);
  });

  it('writes the other 97 when a validation rule refuses 3 of 100 with a 400 naming them', async () => {
    const refused = ['12', '47', '88'];
    const rule = fixture<{ errors: { message: string; context: { id: string[] } }[] }>('batch-update-400-validation.json');
    const template = rule.errors[0]!;
    const body = { ...rule, errors: refused.map((id) => ({ ...template, context: { ...template.context, id: [id] } })) };
    const sent: string[][] = [];
    nock(BASE)
      .persist()
      .post(PATH, (b) => sent.push((json(b).inputs as Input[]).map((i) => i.id)) > 0)
      .reply(async (request: Request) => {
        const inputs = ((await request.json()) as { inputs: Input[] }).inputs;
        return inputs.some((i) => refused.includes(i.id)) ? [400, body] : [200, accepted({ inputs })];
      });
    const recorded: string[] = [];
    const report = await writer({ concurrency: 1 }).write(updates(100), async (batch) => {
      recorded.push(...batch.map((u) => u.companyId));
    });
    nock.cleanAll();
    expect(sent.map((b) => b.length)).toEqual([100, 97]);
    expect(recorded).toHaveLength(97);
    expect(report.written).toHaveLength(97);
    expect(report.failed).toEqual(refused.map((companyId) => ({ companyId, code: 'crm.invalid_value', message: template.message })));
    expect(report.apiCalls).toBe(2);
  });

  it('finds the refused companies by splitting the batch when the 400 names none', async () => {
    const refused = ['12', '47', '88'];
    const { errors: _named, ...anonymous } = fixture('batch-update-400-validation.json');
    nock(BASE)
      .persist()
      .post(PATH)
      .reply(async (request: Request) => {
        const inputs = ((await request.json()) as { inputs: Input[] }).inputs;
        return inputs.some((i) => refused.includes(i.id)) ? [400, anonymous] : [200, accepted({ inputs })];
      });
    const report = await writer({ concurrency: 1 }).write(updates(100), async () => {});
    nock.cleanAll();
    expect(report.written).toHaveLength(97);
    expect(report.failed.map((f) => f.companyId).sort()).toEqual(refused);
    expect(report.failed.every((f) => f.message.includes('validation rules'))).toBe(true);
  });

  it('hands the echo log the server-time window of each write-back stamp', async () => {
    const recorded: WriteSet[][] = [];
    let second = 0;
    nock(BASE)
      .post(PATH)
      .times(2)
      .reply(200, async (request: Request) => {
        const body = accepted(await request.json());
        return { ...body, results: body.results.map((r) => ({ ...r, updatedAt: `2026-11-01T10:00:0${second++ % 10}.000Z` })) };
      });
    const { client } = testClient({ rateLimit: 1000 });
    const stamped = updates(150).map((u) => ({ ...u, values: { ...u.values, calculated_at: '2026-11-01T09:59:00.000Z' } }));
    await createHubSpotWriter({ client, tenant: 'hubspot:4242', concurrency: 1, echoes: { record: async (sets) => void recorded.push([...sets]), pending: async () => [] } }).write(stamped, async () => {});
    const stamp = Date.parse('2026-11-01T09:59:00.000Z');
    expect(recorded.map((sets) => sets.map((s) => ({ ...s, stamp: s.stamp === stamp })))).toEqual([
      [{ stamp: true, from: Date.parse('2026-11-01T10:00:00.000Z'), to: Date.parse('2026-11-01T10:00:09.000Z'), count: 100 }],
      [{ stamp: true, from: Date.parse('2026-11-01T10:00:00.000Z'), to: Date.parse('2026-11-01T10:00:09.000Z'), count: 50 }],
    ]);
  });

  it('stops cleanly on the daily limit: what was accepted is recorded, the rest waits', async () => {
    nock(BASE)
      .post(PATH)
      .reply(200, async (request: Request) => accepted(await request.json()))
      .post(PATH)
      .reply(429, fixture('rate-limit-daily.json'));
    const recorded: string[] = [];
    const report = await writer({ concurrency: 1 }).write(updates(300), async (batch) => {
      recorded.push(...batch.map((u) => u.companyId));
    });
    expect(report.stoppedBy).toBe('crm.daily_limit');
    expect(recorded).toHaveLength(100);
    expect(report.written).toHaveLength(100);
    expect(report.failed).toEqual([]);
  });

  it('retries a batch after a 5xx and writes it', async () => {
    nock(BASE)
      .post(PATH)
      .reply(503, fixture('server-error.json'))
      .post(PATH)
      .reply(200, async (request: Request) => accepted(await request.json()));
    const report = await writer().write(updates(20), async () => {});
    expect(report.written).toHaveLength(20);
    expect(report.apiCalls).toBe(2);
  });

  it('halves a batch HubSpot refuses as a whole until the bad company is found', async () => {
    const inputsOf = (body: unknown) => (json(body).inputs as Input[]).map((i) => i.id);
    nock(BASE)
      .persist()
      .post(PATH, (body) => inputsOf(body).includes('3'))
      .reply(400, { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid' })
      .post(PATH, (body) => !inputsOf(body).includes('3'))
      .reply(200, async (request: Request) => accepted(await request.json()));
    const report = await writer({ concurrency: 1 }).write(updates(8), async () => {});
    nock.cleanAll();
    expect(report.written.map((u) => u.companyId).sort()).toEqual(['1', '2', '4', '5', '6', '7', '8']);
    expect(report.failed).toEqual([{ companyId: '3', code: 'crm.invalid_value', message: expect.stringContaining('not valid') }]);
  });
});
