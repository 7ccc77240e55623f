import { describe, expect, it } from 'vitest';
import { CredentialExpired, CredentialNotFound } from '../system-account.errors.js';
import {
  createSystemAccount,
  hasSecretHash,
  isSecretUsable,
  replaceSecrets,
  revokeSecret,
  rotateSecret,
  type SecretCredential,
} from './system-account.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const LATER = new Date('2025-07-01T12:00:00.000Z');
const secret = (hash: string, createdAt = NOW): SecretCredential => ({
  id: `id-${hash.slice(0, 4)}`,
  hash,
  createdAt,
  expiresAt: null,
  label: null,
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
    const replaced = replaceSecrets(account, [secret('b'.repeat(64), LATER)], LATER);
    expect(replaced.secrets).toEqual([secret('b'.repeat(64), LATER)]);
    expect(replaced.version).toBe(2);
    expect(replaced.updatedAt).toBe(LATER);
    expect(hasSecretHash(replaced, 'a'.repeat(64))).toBe(false);
    expect(hasSecretHash(replaced, 'b'.repeat(64))).toBe(true);
  });
});

describe('credential rotation and revocation', () => {
  const T1 = new Date('2025-06-02T00:00:00.000Z');
  const HOUR = 3600;
  const build = (secrets: SecretCredential[]) => ({
    ...createSystemAccount(
      identity,
      { name: 'Portal', enterpriseId: 'e' },
      secret('a'.repeat(64)),
      NOW,
    ),
    secrets,
  });
  const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

  it('adds the new secret and lets the ones in use run out after the overlap', () => {
    const old = secret('a'.repeat(64));
    const fresh = secret('b'.repeat(64), T1);
    const rotated = rotateSecret(build([old]), fresh, HOUR, T1);
    expect(rotated.secrets).toEqual([{ ...old, expiresAt: plus(T1, HOUR) }, fresh]);
    expect(rotated.version).toBe(2);
    expect(rotated.updatedAt).toBe(T1);
  });

  it('keeps an earlier expiry, and drops secrets already expired', () => {
    const soon = { ...secret('a'.repeat(64)), expiresAt: plus(T1, 60) };
    const gone = { ...secret('c'.repeat(64)), id: 'gone', expiresAt: T1 };
    const fresh = secret('b'.repeat(64), T1);
    const rotated = rotateSecret(build([gone, soon]), fresh, HOUR, T1);
    expect(rotated.secrets).toEqual([soon, fresh]);
  });

  it("a second rotation never shortens the first one's overlap", () => {
    const first = secret('a'.repeat(64));
    const second = secret('b'.repeat(64), T1);
    const once = rotateSecret(build([first]), second, 7 * 24 * HOUR, T1);
    const third = secret('c'.repeat(64), plus(T1, 60));
    const twice = rotateSecret(once, third, HOUR, plus(T1, 60));
    expect(twice.secrets).toEqual([
      { ...first, expiresAt: plus(T1, 7 * 24 * HOUR) },
      { ...second, expiresAt: plus(plus(T1, 60), HOUR) },
      third,
    ]);
  });

  it('with no overlap, the old secrets stop now', () => {
    const old = secret('a'.repeat(64));
    const rotated = rotateSecret(build([old]), secret('b'.repeat(64), T1), 0, T1);
    expect(rotated.secrets[0]).toEqual({ ...old, expiresAt: T1 });
    expect(isSecretUsable(rotated.secrets[0]!, T1)).toBe(false);
  });

  it('revokes one secret at once and keeps the others', () => {
    const a = secret('a'.repeat(64));
    const b = secret('b'.repeat(64));
    const revoked = revokeSecret(build([a, b]), a.id, T1);
    expect(revoked.secrets).toEqual([{ ...a, expiresAt: T1 }, b]);
    expect(revoked.version).toBe(2);
  });

  it('refuses to revoke an unknown or already expired secret', () => {
    const expired = { ...secret('a'.repeat(64)), expiresAt: T1 };
    expect(() => revokeSecret(build([expired]), 'nope', T1)).toThrow(CredentialNotFound);
    expect(() => revokeSecret(build([expired]), expired.id, T1)).toThrow(CredentialExpired);
  });
});
