// A request Salesforce never answered: the error says why (undici's "fetch failed" alone does not).
import { OAuth2 } from 'jsforce';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { guardNock } from '../support/nock-guard.ts';
import { z } from 'zod';
import { isSalesforceError } from '../../src/adapters/crm/salesforce/client/salesforce.errors.ts';
import { requestToken } from '../../src/adapters/crm/salesforce/auth/salesforce.auth.ts';
import { API, INSTANCE, LOGIN, testConnection } from './helpers.ts';

guardNock();

describe('a Salesforce call that got no answer', () => {
  it('is crm.unavailable and names the network error behind "fetch failed"', async () => {
    nock(INSTANCE).post(`${API}/composite/sobjects`).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND acme.my.salesforce.com'), { code: 'ENOTFOUND' }));
    const conn = await testConnection();
    const error = await conn.request({ method: 'POST', url: `${API}/composite/sobjects`, body: '{}', headers: { 'Content-Type': 'application/json' } }, z.unknown(), 'update Accounts').catch((e: unknown) => e);
    expect(isSalesforceError(error, 'crm.unavailable')).toBe(true);
    expect((error as Error).message).toBe('update Accounts: fetch failed (ENOTFOUND: getaddrinfo ENOTFOUND acme.my.salesforce.com)');
  });

  it('is crm.unavailable at the token endpoint too, with the reason', async () => {
    nock(LOGIN).post('/services/oauth2/token').replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const oauth = new OAuth2({ loginUrl: LOGIN, clientId: 'client', clientSecret: 'secret', redirectUri: 'http://localhost/callback' });
    const error = await requestToken(oauth, { grant_type: 'refresh_token', refresh_token: 'r' }, 'renew the session').catch((e: unknown) => e);
    expect(isSalesforceError(error, 'crm.unavailable')).toBe(true);
    expect((error as Error).message).toBe('renew the session: fetch failed (ECONNRESET: socket hang up)');
  });

  it('names every address a refused connection tried', async () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}:443`), { code: 'ECONNREFUSED' });
    nock(INSTANCE).post(`${API}/composite/sobjects`).replyWithError(Object.assign(new AggregateError([refused('10.0.0.1'), refused('::1')], ''), { code: 'ECONNREFUSED' }));
    const conn = await testConnection();
    const error = await conn.request({ method: 'POST', url: `${API}/composite/sobjects`, body: '{}', headers: { 'Content-Type': 'application/json' } }, z.unknown(), 'update Accounts').catch((e: unknown) => e);
    expect((error as Error).message).toBe('update Accounts: fetch failed (ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:443; connect ECONNREFUSED ::1:443)');
  });
});
