import { describe, expect, it } from 'vitest';
import { crmMode, listenHost, parseEnv } from './env.schema.ts';

describe('parseEnv', () => {
  it('fills the defaults and ignores variables it does not know', () => {
    const result = parseEnv({ PATH: '/usr/bin' });
    expect(result.ok && result.env).toEqual({
      HUBSPOT_BASE_URL: 'https://api.hubapi.com',
      SALESFORCE_LOGIN_URL: 'https://login.salesforce.com',
      PORT: 3000,
      KLANTWAARDE_DATA_DIR: './data',
      LOG_LEVEL: 'info',
    });
  });

  it('reads PORT as a number and treats an empty variable as unset', () => {
    const result = parseEnv({ PORT: '8080', DATABASE_URL: '', HUBSPOT_BASE_URL: 'http://127.0.0.1:4010' });
    expect(result.ok && [result.env.PORT, result.env.DATABASE_URL, result.env.HUBSPOT_BASE_URL]).toEqual([8080, undefined, 'http://127.0.0.1:4010']);
  });

  it('refuses bad values with the variable, the value and what is allowed', () => {
    const result = parseEnv({ PORT: 'eighty', HUBSPOT_BASE_URL: 'api.hubapi.com', DATABASE_URL: 'mysql://db/x', LOG_LEVEL: 'loud', TOKEN_ENCRYPTION_KEY: 'short' });
    expect(!result.ok && result.errors.map(({ path, value, message }) => [path, value, message])).toEqual([
      ['HUBSPOT_BASE_URL', 'api.hubapi.com', 'expected an http(s) URL'],
      ['DATABASE_URL', 'mysql://db/x', 'expected a postgres:// or postgresql:// URL'],
      ['PORT', 'eighty', 'expected a port number from 0 (any free port) to 65535'],
      ['TOKEN_ENCRYPTION_KEY', '[hidden, 5 characters]', 'expected 32 bytes as 64 hex or 44 base64 characters (e.g. `openssl rand -hex 32`)'],
      ['LOG_LEVEL', 'loud', 'expected one of fatal, error, warn, info, debug, trace, silent'],
    ]);
  });

  it('refuses a DASHBOARD_TOKEN shorter than 32 characters at start, naming it and not echoing it', () => {
    const result = parseEnv({ DASHBOARD_TOKEN: 'letmein-please' });
    expect(!result.ok && result.errors.map(({ path, value, message }) => [path, value, message])).toEqual([
      ['DASHBOARD_TOKEN', '[hidden, 14 characters]', 'expected at least 32 characters (e.g. `openssl rand -base64 32`): the token is all that guards the dashboard'],
    ]);
    expect(parseEnv({ DASHBOARD_TOKEN: 'x'.repeat(32) }).ok).toBe(true);
  });

  it('reads HOST as an address or host name to listen on', () => {
    expect(parseEnv({ HOST: '0.0.0.0' }).ok).toBe(true);
    expect(parseEnv({ HOST: '::' }).ok).toBe(true);
    expect(parseEnv({ HOST: 'klantwaarde.internal' }).ok).toBe(true);
    const bad = parseEnv({ HOST: 'http://0.0.0.0:3000' });
    expect(!bad.ok && bad.errors.map((e) => e.path)).toEqual(['HOST']);
  });

  it('listens on 127.0.0.1 without a CRM or a dashboard token, on every interface otherwise, on HOST when set', () => {
    expect(listenHost({}, 'local')).toBe('127.0.0.1');
    expect(listenHost({ DASHBOARD_TOKEN: 'x'.repeat(32) }, 'local')).toBeUndefined();
    expect(listenHost({}, 'hubspot')).toBeUndefined();
    expect(listenHost({ HOST: '0.0.0.0' }, 'local')).toBe('0.0.0.0');
    expect(listenHost({ HOST: '127.0.0.1' }, 'salesforce')).toBe('127.0.0.1');
  });

  it('accepts a token encryption key in hex or base64', () => {
    expect(parseEnv({ TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32) }).ok).toBe(true);
    expect(parseEnv({ TOKEN_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') }).ok).toBe(true);
  });

  it('refuses a credential without its partner', () => {
    const result = parseEnv({ SALESFORCE_PRIVATE_KEY: 'key', SALESFORCE_CLIENT_ID: 'id', HUBSPOT_CLIENT_ID: 'hs' });
    expect(!result.ok && result.errors.map((error) => error.path)).toEqual(['HUBSPOT_CLIENT_SECRET', 'SALESFORCE_USERNAME']);
  });
});

describe('the Salesforce sign-in flow', () => {
  const key = 'ab'.repeat(32);
  it('takes oauth with the client id and an encryption key for the tokens', () => {
    const result = parseEnv({ SALESFORCE_AUTH_FLOW: 'oauth', SALESFORCE_CLIENT_ID: '3MVG9id', SALESFORCE_CLIENT_SECRET: 'secret', TOKEN_ENCRYPTION_KEY: key });
    expect(result.ok && [result.env.SALESFORCE_AUTH_FLOW, result.env.SALESFORCE_CLIENT_ID]).toEqual(['oauth', '3MVG9id']);
  });

  it('refuses a flow without what it needs, an unknown flow, and a short callout secret', () => {
    const oauth = parseEnv({ SALESFORCE_AUTH_FLOW: 'oauth', SALESFORCE_CLIENT_ID: '3MVG9id' });
    expect(!oauth.ok && oauth.errors.map(({ path, message }) => [path, message])).toEqual([
      ['TOKEN_ENCRYPTION_KEY', "expected TOKEN_ENCRYPTION_KEY as well: connecting orgs through OAuth needs the app's client id, and a key to keep their tokens encrypted"],
    ]);
    const jwt = parseEnv({ SALESFORCE_AUTH_FLOW: 'jwt', SALESFORCE_CLIENT_ID: '3MVG9id' });
    expect(!jwt.ok && jwt.errors.map((e) => e.path)).toEqual(['SALESFORCE_USERNAME']);
    const unknown = parseEnv({ SALESFORCE_AUTH_FLOW: 'saml', SALESFORCE_CALLOUT_SECRET: 'short' });
    expect(!unknown.ok && unknown.errors.map(({ path, message }) => [path, message])).toEqual([
      ['SALESFORCE_AUTH_FLOW', 'expected one of oauth, jwt, client_credentials, token'],
      ['SALESFORCE_CALLOUT_SECRET', 'expected at least 24 characters (e.g. `openssl rand -base64 32`)'],
    ]);
  });

  it('refuses a fixed callout secret with oauth, where each org has its own', () => {
    const result = parseEnv({ SALESFORCE_AUTH_FLOW: 'oauth', SALESFORCE_CLIENT_ID: '3MVG9id', TOKEN_ENCRYPTION_KEY: key, SALESFORCE_CALLOUT_SECRET: 'x'.repeat(32) });
    expect(!result.ok && result.errors.map((e) => e.path)).toEqual(['SALESFORCE_AUTH_FLOW']);
    expect(parseEnv({ SALESFORCE_ACCESS_TOKEN: 't', SALESFORCE_INSTANCE_URL: 'https://acme.my.salesforce.com', SALESFORCE_CALLOUT_SECRET: 'x'.repeat(32) }).ok).toBe(true);
  });
});

describe('crmMode', () => {
  it('says which CRMs the credentials reach', () => {
    expect(crmMode({})).toBe('local');
    expect(crmMode({ HUBSPOT_ACCESS_TOKEN: 'pat' })).toBe('hubspot');
    expect(crmMode({ HUBSPOT_CLIENT_ID: 'id' })).toBe('hubspot');
    expect(crmMode({ SALESFORCE_ACCESS_TOKEN: 'tok' })).toBe('salesforce');
    expect(crmMode({ HUBSPOT_ACCESS_TOKEN: 'pat', SALESFORCE_CLIENT_ID: 'id' })).toBe('both');
    expect(crmMode({ HUBSPOT_ACCESS_TOKEN: '' })).toBe('local');
  });
});
