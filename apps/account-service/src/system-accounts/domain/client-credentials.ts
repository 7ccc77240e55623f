import { createHmac, randomBytes } from 'node:crypto';

/**
 * Server-generated client credentials (RFC 6749 §2.3.1). The prefixes make a
 * leaked value recognisable (secret scanners, logs); the random parts carry the
 * entropy: 128 bits for the public client id, 256 bits for the secret.
 */
export const CLIENT_ID_PREFIX = 'sa_';
export const CLIENT_SECRET_PREFIX = 'cs_';

export function generateClientId(): string {
  return CLIENT_ID_PREFIX + randomBytes(16).toString('base64url');
}

export function generateClientSecret(): string {
  return CLIENT_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * HMAC-SHA256 of the whole secret (prefix included) under the shared credentials
 * key, lowercase hex. A 256-bit random secret needs no slow password hash; the key
 * keeps a leaked table of hashes useless without it. The auth-server computes the
 * same over the presented `client_secret` and compares.
 */
export function hashClientSecret(key: string, secret: string): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}
