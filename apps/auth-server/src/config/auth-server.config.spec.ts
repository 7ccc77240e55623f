import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { AuthServerConfig } from './auth-server.config.js';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(AuthServerConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
};

/** A fresh P-256 key as the JWK strings production would be given (never the local defaults). */
function productionKey(kid: string): { privateJwk: string; publicJwk: string; publicSet: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid };
  return {
    privateJwk: JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid }),
    publicJwk: JSON.stringify(publicJwk),
    publicSet: JSON.stringify({ keys: [publicJwk] }),
  };
}

describe('AuthServerConfig', () => {
  it('has working local defaults', () => {
    const config = loadConfig(AuthServerConfig, {});
    expect(config).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      AUTH_ISSUER: 'http://localhost:3000',
      TOKEN_ACCESS_TTL: 600,
      KEYS_ALGORITHM: 'ES256',
      KEYS_ROTATION_INTERVAL: 2_592_000,
    });
  });

  it('parses numbers and the algorithm', () => {
    expect(
      loadConfig(AuthServerConfig, {
        TOKEN_ACCESS_TTL: '60',
        KEYS_ALGORITHM: 'RS256',
        PORT: '8080',
      }),
    ).toMatchObject({ TOKEN_ACCESS_TTL: 60, KEYS_ALGORITHM: 'RS256', PORT: 8080 });
  });

  it('reads the previous hash and encryption keys as comma-separated lists, current key first', () => {
    const current = 'c'.repeat(32);
    const config = loadConfig(AuthServerConfig, {
      CREDENTIALS_HASH_KEY: current,
      CREDENTIALS_HASH_KEY_PREVIOUS: `${'p'.repeat(32)}, ${'q'.repeat(32)}`,
      KEYS_ENCRYPTION_KEY: 'k'.repeat(32),
      KEYS_ENCRYPTION_KEY_PREVIOUS: 'o'.repeat(40),
    });
    expect(config.credentialsHashKeys()).toEqual([current, 'p'.repeat(32), 'q'.repeat(32)]);
    expect(config.keysEncryptionKeys()).toEqual(['k'.repeat(32), 'o'.repeat(40)]);
    expect(loadConfig(AuthServerConfig, {}).credentialsHashKeys()).toHaveLength(1);
  });

  it('refuses a short previous key, naming the variable and not the value', () => {
    const problems = problemsOf({
      CREDENTIALS_HASH_KEY_PREVIOUS: `${'p'.repeat(32)},short-previous`,
      KEYS_ENCRYPTION_KEY_PREVIOUS: 'tiny',
    });
    expect(problems).toEqual([
      'KEYS_ENCRYPTION_KEY_PREVIOUS: each key must be at least 32 characters',
      'CREDENTIALS_HASH_KEY_PREVIOUS: each key must be at least 32 characters',
    ]);
    expect(problems.join()).not.toContain('short-previous');
  });

  it('names each bad variable, never its value', () => {
    const problems = problemsOf({
      TOKEN_ACCESS_TTL: '59',
      KEYS_ALGORITHM: 'HS256',
      KEYS_ENCRYPTION_KEY: 'short-secret',
      AUTH_ISSUER: 'http://x.test/?q',
      DATABASE_URL: 'mysql://x',
    });
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual([
      'AUTH_ISSUER',
      'DATABASE_URL',
      'KEYS_ALGORITHM',
      'KEYS_ENCRYPTION_KEY',
      'TOKEN_ACCESS_TTL',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('refuses an issuer with a trailing slash', () => {
    expect(problemsOf({ AUTH_ISSUER: 'https://auth.example.com/' })).toHaveLength(1);
    expect(problemsOf({ AUTH_ISSUER: 'https://auth.example.com/tenant' })).toEqual([]);
  });

  it('in production, requires its secrets, NATS credentials and event keys explicitly', () => {
    expect([...problemsOf({ NODE_ENV: 'production' })].sort()).toEqual([
      'CREDENTIALS_HASH_KEY: must be set explicitly when NODE_ENV=production',
      'EVENTS_ACCOUNT_SERVICE_KEYS: must be set explicitly when NODE_ENV=production',
      'EVENTS_DECRYPTION_KEYS: must be set explicitly when NODE_ENV=production',
      'EVENTS_SIGNING_KEY: must be set explicitly when NODE_ENV=production',
      'KEYS_ENCRYPTION_KEY: must be set explicitly when NODE_ENV=production',
      'NATS_USER: must be set when NODE_ENV=production',
    ]);
    const seal = productionKey('auth-server-seal-1');
    expect(
      problemsOf({
        NODE_ENV: 'production',
        KEYS_ENCRYPTION_KEY: 'k'.repeat(32),
        CREDENTIALS_HASH_KEY: 'c'.repeat(32),
        NATS_USER: 'auth-server',
        NATS_PASSWORD: 'p'.repeat(32),
        EVENTS_SIGNING_KEY: productionKey('auth-server-1').privateJwk,
        EVENTS_ACCOUNT_SERVICE_KEYS: productionKey('account-service-1').publicSet,
        EVENTS_DECRYPTION_KEYS: JSON.stringify({ keys: [JSON.parse(seal.privateJwk)] }),
      }),
    ).toEqual([]);
  });

  it('keeps the lock-out caps at least the first lock, and defaults the body limit to 16 KiB', () => {
    expect(loadConfig(AuthServerConfig, {})).toMatchObject({
      LOGIN_LOCK_SECONDS: 60,
      LOGIN_LOCK_MAX_SECONDS: 900,
      LOGIN_IP_LOCK_MAX_SECONDS: 86_400,
      HTTP_BODY_LIMIT: 16 * 1024,
    });
    expect(
      problemsOf({
        LOGIN_LOCK_SECONDS: '600',
        LOGIN_LOCK_MAX_SECONDS: '300',
        LOGIN_IP_LOCK_MAX_SECONDS: '60',
      }),
    ).toEqual([
      'LOGIN_LOCK_MAX_SECONDS: must not be less than LOGIN_LOCK_SECONDS',
      'LOGIN_IP_LOCK_MAX_SECONDS: must not be less than LOGIN_LOCK_SECONDS',
    ]);
  });

  it('reads the second-factor policy and the brand; refuses a colour or logo that could break out of the page', () => {
    expect(loadConfig(AuthServerConfig, {})).toMatchObject({
      MFA_REQUIRED_ROLES: ['enterprise-admin', 'platform-admin', 'platform-auditor'],
      BRAND_NAME: 'Charter',
      BRAND_LOGO_URL: '',
    });
    expect(loadConfig(AuthServerConfig, { MFA_REQUIRED_ROLES: 'none' }).MFA_REQUIRED_ROLES).toEqual(
      ['none'],
    );
    expect(
      problemsOf({
        MFA_REQUIRED_ROLES: 'enterprise-admin,Bad Role',
        BRAND_PRIMARY_COLOR: 'red;}body{display:none',
        BRAND_BACKGROUND_COLOR: '#fff',
        BRAND_LOGO_URL: 'javascript:alert(1)',
        BRAND_NAME: '<script>',
      }),
    ).toEqual([
      'MFA_REQUIRED_ROLES: each role must be a role name',
      'BRAND_NAME: must be 1 to 64 characters without control characters or angle brackets',
      'BRAND_LOGO_URL: must be empty or an http(s) URL',
      'BRAND_PRIMARY_COLOR: must be a #rrggbb colour',
      'BRAND_BACKGROUND_COLOR: must be a #rrggbb colour',
    ]);
  });
});
