// AES-256-GCM for tokens at rest: a fresh 12-byte IV per value, the auth tag checked on read.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HubSpotError } from '../client/hubspot.errors.ts';

export interface TokenCipher {
  seal(plain: string): string;
  open(sealed: string): string;
}

/** The key is 32 bytes: a Buffer, or 64 hex / 44 base64 characters (from the environment). */
export function createTokenCipher(key: Buffer | string): TokenCipher {
  const bytes = typeof key === 'string' ? decodeKey(key) : key;
  if (bytes.length !== 32) throw new HubSpotError('crm.oauth_failed', 'the token encryption key must be 32 bytes (64 hex or 44 base64 characters)');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', bytes, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new HubSpotError('crm.oauth_failed', 'stored tokens are not in a known format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', bytes, Buffer.from(iv, 'base64'));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new HubSpotError('crm.oauth_failed', 'stored tokens cannot be decrypted with this key (changed key, or tampered data)');
      }
    },
  };
}

function decodeKey(key: string): Buffer {
  const trimmed = key.trim();
  return /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
}
