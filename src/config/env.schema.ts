// The environment (PRODUCT.md §5): secrets and where things are. Parsed once at start; an empty
// variable counts as unset, as .env files and compose files often leave them.
import { isIP } from 'node:net';
import { z } from 'zod';
import type { ConfigError } from './config-errors.ts';
import { errorsFromIssues } from './config-errors.ts';

const unsetIfBlank = (value: unknown) => (value === '' ? undefined : value);
const optional = <S extends z.ZodType>(schema: S) => z.preprocess(unsetIfBlank, schema.optional());

const url = () => z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });
const secret = () => z.string().trim().min(1, { error: 'expected a non-empty value' });

const postgresUrl = z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' });

const portMessage = 'expected a port number from 0 (any free port) to 65535';
const port = z.coerce
  .number({ error: portMessage })
  .refine(Number.isInteger, { error: portMessage })
  .min(0, { error: portMessage })
  .max(65535, { error: portMessage });

/** Where the server listens: an IP address (0.0.0.0 or :: for every interface) or a host name. */
const host = z
  .string()
  .trim()
  .refine((value) => isIP(value) !== 0 || /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(value), {
    error: 'expected an address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 or :: (every interface), or a host name',
  });

/** 32 bytes for AES-256: 64 hex or 44 base64 characters. */
const encryptionKey = z
  .string()
  .trim()
  .refine((key) => /^[0-9a-f]{64}$/i.test(key) || (/^[A-Za-z0-9+/]{43}=$/.test(key) && Buffer.from(key, 'base64').length === 32), {
    error: 'expected 32 bytes as 64 hex or 44 base64 characters (e.g. `openssl rand -hex 32`)',
  });

/**
 * How Klantwaarde signs in to Salesforce. `oauth`: admins connect orgs through
 * /oauth/salesforce/connect (many orgs, tokens encrypted in the store); the others sign in to one
 * org server to server. Unset: jwt, client_credentials or token, by the variables that are set.
 */
export const SALESFORCE_AUTH_FLOWS = ['oauth', 'jwt', 'client_credentials', 'token'] as const;
export type SalesforceAuthFlow = (typeof SALESFORCE_AUTH_FLOWS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const envSchema = z
  .object({
    HUBSPOT_ACCESS_TOKEN: optional(secret()),
    HUBSPOT_CLIENT_ID: optional(secret()),
    HUBSPOT_CLIENT_SECRET: optional(secret()),
    HUBSPOT_BASE_URL: z.preprocess(unsetIfBlank, url().default('https://api.hubapi.com')),
    SALESFORCE_LOGIN_URL: z.preprocess(unsetIfBlank, url().default('https://login.salesforce.com')),
    SALESFORCE_INSTANCE_URL: optional(url()),
    SALESFORCE_ACCESS_TOKEN: optional(secret()),
    SALESFORCE_CLIENT_ID: optional(secret()),
    SALESFORCE_CLIENT_SECRET: optional(secret()),
    SALESFORCE_USERNAME: optional(secret()),
    SALESFORCE_PRIVATE_KEY: optional(secret()),
    SALESFORCE_AUTH_FLOW: optional(z.enum(SALESFORCE_AUTH_FLOWS, { error: `expected one of ${SALESFORCE_AUTH_FLOWS.join(', ')}` })),
    SALESFORCE_CALLOUT_SECRET: optional(z.string().trim().min(24, { error: 'expected at least 24 characters (e.g. `openssl rand -base64 32`)' })),
    DATABASE_URL: optional(postgresUrl),
    KLANTWAARDE_INSTANCE_ID: optional(z.string().trim().regex(/^[\w.:-]{1,100}$/, { error: 'expected up to 100 letters, digits, dots, colons, dashes or underscores (e.g. the pod or host name)' })),
    PORT: z.preprocess(unsetIfBlank, port.default(3000)),
    HOST: optional(host),
    KLANTWAARDE_CONFIG: optional(secret()),
    KLANTWAARDE_DATA_DIR: z.preprocess(unsetIfBlank, secret().default('./data')),
    PUBLIC_URL: optional(url()),
    TOKEN_ENCRYPTION_KEY: optional(encryptionKey),
    DASHBOARD_TOKEN: optional(z.string().trim().min(32, { error: 'expected at least 32 characters (e.g. `openssl rand -base64 32`): the token is all that guards the dashboard' })),
    METRICS_TOKEN: optional(secret()),
    LOG_LEVEL: z.preprocess(unsetIfBlank, z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info')),
  })
  .superRefine((env, ctx) => {
    // A credential that cannot work without its partner is refused at start, not at the first sync.
    const needs = (name: keyof typeof env, partners: (keyof typeof env)[], why: string) => {
      const missing = partners.filter((partner) => env[partner] === undefined);
      if (env[name] !== undefined && missing.length > 0) {
        ctx.addIssue({ code: 'custom', path: [missing[0]!], input: undefined, message: `expected ${missing.join(' and ')} as well: ${why}` });
      }
    };
    needs('HUBSPOT_CLIENT_ID', ['HUBSPOT_CLIENT_SECRET'], 'HubSpot OAuth needs the client id and secret');
    needs('SALESFORCE_ACCESS_TOKEN', ['SALESFORCE_INSTANCE_URL'], 'a Salesforce access token is only valid on its instance');
    needs('SALESFORCE_PRIVATE_KEY', ['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME'], 'the JWT bearer flow signs for a client id and user');
    needs('SALESFORCE_CLIENT_SECRET', ['SALESFORCE_CLIENT_ID'], 'the client credentials flow needs the client id');
    const flow = env.SALESFORCE_AUTH_FLOW;
    if (flow === 'oauth') needs('SALESFORCE_AUTH_FLOW', ['SALESFORCE_CLIENT_ID', 'TOKEN_ENCRYPTION_KEY'], 'connecting orgs through OAuth needs the app\'s client id, and a key to keep their tokens encrypted');
    if (flow === 'jwt') needs('SALESFORCE_AUTH_FLOW', ['SALESFORCE_CLIENT_ID', 'SALESFORCE_USERNAME', 'SALESFORCE_PRIVATE_KEY'], 'the JWT bearer flow signs for a client id and user');
    if (flow === 'client_credentials') needs('SALESFORCE_AUTH_FLOW', ['SALESFORCE_CLIENT_ID', 'SALESFORCE_CLIENT_SECRET'], 'the client credentials flow needs the client id and secret');
    if (flow === 'token') needs('SALESFORCE_AUTH_FLOW', ['SALESFORCE_ACCESS_TOKEN', 'SALESFORCE_INSTANCE_URL'], 'a fixed session needs the token and its instance');
    if (flow === 'oauth' && env.SALESFORCE_CALLOUT_SECRET !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['SALESFORCE_AUTH_FLOW'], input: flow, message: 'expected SALESFORCE_CALLOUT_SECRET unset with oauth: each connected org gets a callout secret of its own when it connects' });
    }
  });

export type Env = z.output<typeof envSchema>;

export type EnvResult = { ok: true; env: Env } | { ok: false; errors: ConfigError[] };

/** Their values never reach an error message: only how long they are. */
const SECRETS = new Set([
  'HUBSPOT_ACCESS_TOKEN',
  'HUBSPOT_CLIENT_SECRET',
  'SALESFORCE_ACCESS_TOKEN',
  'SALESFORCE_CLIENT_SECRET',
  'SALESFORCE_PRIVATE_KEY',
  'SALESFORCE_CALLOUT_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'DASHBOARD_TOKEN',
  'METRICS_TOKEN',
]);

/** Validates the variables Klantwaarde reads; others are ignored. */
export function parseEnv(env: Record<string, string | undefined>): EnvResult {
  const parsed = envSchema.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  const errors = errorsFromIssues(parsed.error.issues, env).map((error) =>
    SECRETS.has(error.path) && typeof error.value === 'string' ? { ...error, value: `[hidden, ${error.value.length} characters]` } : error,
  );
  return { ok: false, errors };
}

export type CrmMode = 'local' | 'hubspot' | 'salesforce' | 'both';

type CrmCredentials = Partial<
  Record<'HUBSPOT_ACCESS_TOKEN' | 'HUBSPOT_CLIENT_ID' | 'SALESFORCE_ACCESS_TOKEN' | 'SALESFORCE_CLIENT_ID', string | undefined>
>;

/** Which CRM(s) the credentials connect to; 'local' = the file connector and nothing else. */
export function crmMode(env: CrmCredentials): CrmMode {
  const hubspot = Boolean(env.HUBSPOT_ACCESS_TOKEN || env.HUBSPOT_CLIENT_ID);
  const salesforce = Boolean(env.SALESFORCE_ACCESS_TOKEN || env.SALESFORCE_CLIENT_ID);
  if (hubspot && salesforce) return 'both';
  return hubspot ? 'hubspot' : salesforce ? 'salesforce' : 'local';
}

/**
 * The address the server listens on: HOST when set; else this machine only (127.0.0.1) when no
 * CRM and no dashboard token are configured — then nothing but this machine may use it anyway —
 * and every interface (undefined) otherwise, for a CRM's webhooks or a token holder to reach it.
 */
export function listenHost(env: Pick<Env, 'HOST' | 'DASHBOARD_TOKEN'>, mode: CrmMode): string | undefined {
  if (env.HOST !== undefined) return env.HOST;
  return mode === 'local' && env.DASHBOARD_TOKEN === undefined ? '127.0.0.1' : undefined;
}

/** The one place src/config reads the process environment; callers pass its result on. */
export function processEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
