/// <reference types="vite/client" />
// The card's API client (URLs, methods, bodies, error mapping) and the fixtures' shape: every
// fixture in fixtures/ — ours and the backend's recorded answers — must be a CardResponse.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, backendUrlOf, companyApi, type Fetcher } from '../api/client.ts';
import { COST_LINES, SEGMENTS } from '../api/types.ts';
import { errorResponse, jsonResponse } from './support.tsx';

const fixtureFiles = import.meta.glob<unknown>('../fixtures/*.json', { eager: true, import: 'default' });

function okFetcher(body: unknown) {
  // A fresh Response per call: a body can be read once.
  return vi.fn<Fetcher>().mockImplementation(async () => jsonResponse(200, body));
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('backendUrlOf', () => {
  it('takes the BACKEND_URL profile variable without trailing slashes', () => {
    expect(backendUrlOf({ BACKEND_URL: 'https://kw.example.com/' })).toBe('https://kw.example.com');
    expect(backendUrlOf({ BACKEND_URL: ' https://kw.example.com/base// ' })).toBe('https://kw.example.com/base');
  });

  it('refuses what is not an http(s) URL: missing, unsubstituted, other types', () => {
    expect(backendUrlOf(undefined)).toBeNull();
    expect(backendUrlOf({})).toBeNull();
    expect(backendUrlOf({ BACKEND_URL: '${BACKEND_URL}' })).toBeNull();
    expect(backendUrlOf({ BACKEND_URL: 'klantwaarde.example.com' })).toBeNull();
    expect(backendUrlOf({ BACKEND_URL: 42 })).toBeNull();
  });
});

describe('companyApi', () => {
  const fixture = Object.values(fixtureFiles)[0];

  it('calls the five card routes with their methods and JSON bodies', async () => {
    const fetcher = okFetcher(fixture);
    const api = companyApi('https://kw.example.com', 9001, fetcher);
    await api.get();
    await api.recalculate();
    await api.setOverride({ segment: 'B', reason: 'Group buyer', expiresAt: '2027-01-31' });
    await api.removeOverride();
    await api.createTask('meeting/management/decision/management meeting');
    expect(fetcher.mock.calls).toEqual([
      ['https://kw.example.com/api/companies/9001', { method: 'GET' }],
      ['https://kw.example.com/api/companies/9001/recalculate', { method: 'POST', timeout: 15000 }],
      ['https://kw.example.com/api/companies/9001/override', { method: 'PUT', body: { segment: 'B', reason: 'Group buyer', expiresAt: '2027-01-31' }, timeout: 15000 }],
      ['https://kw.example.com/api/companies/9001/override', { method: 'DELETE', timeout: 15000 }],
      ['https://kw.example.com/api/companies/9001/tasks', { method: 'POST', body: { touchpoint: 'meeting/management/decision/management meeting' }, timeout: 15000 }],
    ]);
  });

  it('escapes the object id in the path', async () => {
    const fetcher = okFetcher(fixture);
    await companyApi('https://kw.example.com', 'a/b c', fetcher).get();
    expect(fetcher.mock.calls[0]?.[0]).toBe('https://kw.example.com/api/companies/a%2Fb%20c');
  });

  it('returns the card data as sent', async () => {
    await expect(companyApi('https://kw.example.com', 1, okFetcher(fixture)).get()).resolves.toEqual(fixture);
  });

  it.each([
    [404, 'company.not_found', 'not_found'],
    [401, 'auth.signature_invalid', 'unauthorized'],
    [403, 'auth.forbidden', 'forbidden'],
    [400, 'request.invalid', 'invalid'],
    [409, 'override.conflict', 'invalid'],
    [500, 'internal', 'server'],
    [503, 'service.unavailable', 'server'],
  ] as const)('maps %i %s to %s, keeping code and message', async (status, code, kind) => {
    const fetcher = vi.fn<Fetcher>().mockResolvedValue(errorResponse(status, code, `message for ${code}`));
    const error = await failure(companyApi('https://kw.example.com', 1, fetcher).get());
    expect({ kind: error.kind, status: error.status, code: error.code, message: error.message }).toEqual({ kind, status, code, message: `message for ${code}` });
  });

  it('maps an error without the JSON error body to its status', async () => {
    const fetcher = vi.fn<Fetcher>().mockResolvedValue(new Response('<html>Bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    const error = await failure(companyApi('https://kw.example.com', 1, fetcher).get());
    expect({ kind: error.kind, code: error.code, message: error.message }).toEqual({ kind: 'server', code: 'http.502', message: 'Bad Gateway' });
  });

  it('treats a 200 without company data as a server fault', async () => {
    const error = await failure(companyApi('https://kw.example.com', 1, okFetcher({ ok: true })).get());
    expect([error.kind, error.code]).toEqual(['server', 'response.malformed']);
  });

  it('turns a rejected hubspot.fetch into a network error', async () => {
    const fetcher = vi.fn<Fetcher>().mockRejectedValue(new Error('Request timed out after 15000ms'));
    const error = await failure(companyApi('https://kw.example.com', 1, fetcher).recalculate());
    expect({ kind: error.kind, status: error.status, message: error.message }).toEqual({ kind: 'network', status: 0, message: 'Request timed out after 15000ms' });
  });

  it('does not call out without a backend URL', async () => {
    const fetcher = okFetcher(fixture);
    const error = await failure(companyApi(null, 1, fetcher).get());
    expect(error.kind).toBe('not_configured');
    expect(fetcher).not.toHaveBeenCalled();
  });
});

// A runtime mirror of api/types.ts: the fixtures (and the backend's recordings placed next to
// them) must have every field with the right type, and codes from the known lists.
type Check = (value: unknown, path: string) => string[];
const problem = (path: string, what: string, value: unknown) => [`${path}: expected ${what}, got ${JSON.stringify(value)}`];
const num: Check = (v, p) => (typeof v === 'number' && Number.isFinite(v) ? [] : problem(p, 'a number', v));
const str: Check = (v, p) => (typeof v === 'string' ? [] : problem(p, 'a string', v));
const bool: Check = (v, p) => (typeof v === 'boolean' ? [] : problem(p, 'a boolean', v));
const oneOf = (...values: readonly string[]): Check => (v, p) => (typeof v === 'string' && values.includes(v) ? [] : problem(p, `one of ${values.join('|')}`, v));
const nullable = (check: Check): Check => (v, p) => (v === null ? [] : check(v, p));
const optional = (check: Check): Check => (v, p) => (v === undefined ? [] : check(v, p));
const list = (check: Check): Check => (v, p) => (Array.isArray(v) ? v.flatMap((item, i) => check(item, `${p}[${i}]`)) : problem(p, 'an array', v));
const shape = (fields: Record<string, Check>): Check => (v, p) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return problem(p, 'an object', v);
  const record = v as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(k in fields)).map((k) => `${p}.${k}: not in the type`);
  return [...unknown, ...Object.entries(fields).flatMap(([k, check]) => check(record[k], `${p}.${k}`))];
};

const segment = oneOf(...SEGMENTS);
const WHAT_IF_OPTIONS = ['minimum_order_size', 'revised_discount', 'service_fee', 'minimum_annual_revenue', 'digital_channel', 'part_ways'];
const level = oneOf('top', 'large', 'medium', 'small', 'inactive', 'prospect', 'suspect');
const flag = oneOf('ok', 'over_served', 'under_served');
const historyPoint = shape({
  runId: str, asOf: num, segment: nullable(segment), segmentComputed: nullable(segment), pyramidLevel: level, totalValue: num, netContribution: num,
  revenue: num, grossMargin: num, costToServe: num, clv: num, strategicValue: num,
});
const cardResponse = shape({
  result: shape({
    companyId: str, name: str, ownerId: nullable(str), isCustomer: bool, customerYearBefore: bool, revenue: num, grossMargin: num, wonDeals: num, orders: num, averageOrderValue: nullable(num),
    retention: num, clv: num, estimatedWallet: nullable(num), shareOfWallet: nullable(num), growthPotential: num, referralValue: num, influenceValue: num,
    referenceValue: num, knowledgeValue: num, strategicValue: num, totalValue: num, satisfaction: nullable(num), satisfactionResponses: optional(nullable(num)),
    costBreakdown: shape(Object.fromEntries(COST_LINES.map((line) => [line, num]))),
    costToServe: num, netContribution: num, costToServeRatio: nullable(num),
    activityCounts: optional(shape(Object.fromEntries(['call', 'meeting', 'visit', 'email', 'note', 'task', 'ticket'].map((type) => [type, num])))), valueToOthers: optional(num),
    segment: nullable(segment), segmentComputed: nullable(segment),
    override: nullable(shape({ companyId: str, segment, reason: str, by: str, at: num, expiresAt: optional(num) })),
    valueScore: nullable(num), valueRank: nullable(num), pyramidLevel: level,
    contacts: list(shape({ touchpoint: shape({ name: str, who: str, layer: str, channel: str, everyDays: num }), lastContact: nullable(num), nextDue: num, overdue: bool, daysOverdue: num })),
    nextContactDate: nullable(num), contactOverdue: bool, contactPlan: str, serviceFlag: flag, serviceDetail: nullable(str),
    recommendedAction: oneOf('minimum_order_size', 'revise_discount', 'service_fee_or_self_service', 'minimum_annual_revenue', 'move_to_digital_or_part_ways', 'reduce_effort', 'restore_contact', 'develop_cross_sell', 'retain_and_involve_management', 'maintain'),
    recommendedActionText: str,
    drivers: list(shape({ element: str, kind: oneOf('value', 'cost'), amount: num, share: num })),
    explanation: str,
  }),
  previous: nullable(historyPoint),
  history: list(historyPoint),
  calculatedAt: num,
  service: shape({ flag, costToServeRatio: nullable(num), budgetRatio: nullable(num), overBudget: nullable(num), late: nullable(shape({ name: str, daysOverdue: num, everyDays: num })) }),
  owner: optional(nullable(shape({ id: str, name: nullable(str) }))),
  whatIf: optional(
    nullable(
      shape({
        netContribution: num,
        recommended: nullable(oneOf(...WHAT_IF_OPTIONS)),
        options: list(shape({ option: oneOf(...WHAT_IF_OPTIONS), netContribution: num, effect: num, recommended: bool, partsWays: bool, strategicValueLost: num, before: num, after: num })),
      }),
    ),
  ),
  satisfaction: optional(nullable(shape({ score: num, responses: nullable(num) }))),
  tasks: optional(
    list(
      shape({
        key: str,
        task: nullable(shape({ crmId: nullable(str), dueDate: str, subject: str, status: oneOf('open', 'pending'), owner: nullable(shape({ id: str, name: nullable(str) })) })),
      }),
    ),
  ),
});

describe('fixtures', () => {
  it('include the four card states the tests use', () => {
    const names = Object.keys(fixtureFiles).map((path) => path.replace('../fixtures/', ''));
    expect(names).toEqual(expect.arrayContaining(['company-a.json', 'company-d.json', 'company-overridden.json', 'prospect.json']));
  });

  it.each(Object.entries(fixtureFiles))('%s is shaped like CardResponse', (_path, json) => {
    expect(cardResponse(json, '$')).toEqual([]);
  });

  it('the validator catches a wrong field', () => {
    const broken = structuredClone(fixtureFiles['../fixtures/company-a.json']) as { result: Record<string, unknown> };
    broken.result.segment = 'E';
    broken.result.extra = 1;
    expect(cardResponse(broken, '$')).toEqual(['$.result.extra: not in the type', '$.result.segment: expected one of A|B|C|D, got "E"']);
  });
});
