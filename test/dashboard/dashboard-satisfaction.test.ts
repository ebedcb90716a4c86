// Satisfaction from surveys on the dashboard's company page and in the card API: "NPS 8.2 (5
// responses)", and a B customer with a low score asked to involve management.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompanyCard } from '../../src/app/company-card.ts';
import { recomputeCompanies } from '../../src/app/recompute.ts';
import { samplePortal, TENANT, type SamplePortal } from '../support/sample-portal.ts';

let portal: SamplePortal;
let app: ReturnType<SamplePortal['app']>;
let happy: string;
let unhappy: string;

beforeAll(async () => {
  portal = await samplePortal();
  app = portal.app({ mode: 'local' });
  const results = await portal.store.latestResults(TENANT);
  happy = results.find((r) => r.segment === 'A')!.companyId;
  unhappy = results.find((r) => r.segment === 'B' && r.recommendedAction === 'maintain')!.companyId;
  const { companies } = await portal.store.loadCompanies(TENANT, [happy, unhappy]);
  const scored = (id: string, satisfaction: number, satisfactionResponses: number) => ({ ...companies.find((c) => c.id === id)!, satisfaction, satisfactionResponses });
  await portal.store.applyChanges(TENANT, { companies: [scored(happy, 8.2, 5), scored(unhappy, 5.25, 4)] });
  await recomputeCompanies(portal.recompute, TENANT, [happy, unhappy]);
});
afterAll(async () => {
  await portal?.close();
});

const visible = (markup: string) => markup.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('satisfaction from surveys', () => {
  it('shows the survey average with its responses on the company page, in English and Dutch', async () => {
    const english = await request(app).get(`/companies/${happy}`);
    expect(english.status).toBe(200);
    expect(/<span id="company-satisfaction">([^<]*)<\/span>/.exec(english.text)![1]).toBe('NPS 8.2 (5 responses)');
    const dutch = await request(app).get(`/companies/${happy}?lang=nl`);
    expect(/<span id="company-satisfaction">([^<]*)<\/span>/.exec(dutch.text)![1]).toBe('NPS 8,2 (5 antwoorden)');
  });

  it('gives the card the score and its responses', async () => {
    const card = (await request(app).get(`/dashboard/api/companies/${happy}`)).body as CompanyCard;
    expect(card.satisfaction).toEqual({ score: 8.2, responses: 5 });
    expect(card.result.satisfactionResponses).toBe(5);
  });

  it('asks management to retain a B customer whose score is below actions.lowSatisfaction', async () => {
    const card = (await request(app).get(`/dashboard/api/companies/${unhappy}`)).body as CompanyCard;
    expect(card.result.segment).toBe('B');
    expect(card.result.recommendedAction).toBe('retain_and_involve_management');
    expect(card.result.recommendedActionText).toBe('Satisfaction 5.3 (4 responses) is below 7.0: involve management to retain this customer.');
    expect(visible((await request(app).get(`/companies/${unhappy}`)).text)).toContain('NPS 5.3 (4 responses)');
  });
});
