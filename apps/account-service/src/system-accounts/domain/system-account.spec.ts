import { describe, expect, it } from 'vitest';
import {
  createSystemAccount,
  hasSecretHash,
  replaceSecrets,
  type SecretCredential,
} from './system-account.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const LATER = new Date('2025-07-01T12:00:00.000Z');
const secret = (hash: string, createdAt = NOW): SecretCredential => ({
  id: `id-${hash.slice(0, 4)}`,
  hash,
  createdAt,
  expiresAt: null,
});
const identity = { id: '0b0f7b52-7d4e-4a8e-9b43-1e2f3a4b5c6d', clientId: 'sa_x' };

describe('system accounts', () => {
  it('default to client_credentials with basic and post, and no password grant', () => {
    const account = createSystemAccount(
      identity,
      { name: 'Portal', enterpriseId: 'e' },
      secret('a'.repeat(64)),
      NOW,
    );
    expect(account).toMatchObject({
      status: 'active',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethods: ['client_secret_basic', 'client_secret_post'],
      accessTokenTtlSeconds: null,
      platformAccess: null,
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('enable the password grant only when asked, without duplicates', () => {
    const account = createSystemAccount(
      identity,
      {
        name: 'Legacy portal',
        enterpriseId: 'e',
        grantTypes: ['password', 'client_credentials', 'password'],
        tokenEndpointAuthMethods: ['client_secret_post'],
      },
      secret('a'.repeat(64)),
      NOW,
    );
    expect(account.grantTypes).toEqual(['password', 'client_credentials']);
    expect(account.tokenEndpointAuthMethods).toEqual(['client_secret_post']);
  });

  it('replace every secret with a new one and move to the next version', () => {
    const account = createSystemAccount(
      identity,
      { name: 'Portal', enterpriseId: null },
      secret('a'.repeat(64)),
      NOW,
    );
    const replaced = replaceSecrets(account, secret('b'.repeat(64), LATER), LATER);
    expect(replaced.secrets).toEqual([secret('b'.repeat(64), LATER)]);
    expect(replaced.version).toBe(2);
    expect(replaced.updatedAt).toBe(LATER);
    expect(hasSecretHash(replaced, 'a'.repeat(64))).toBe(false);
    expect(hasSecretHash(replaced, 'b'.repeat(64))).toBe(true);
  });
});
