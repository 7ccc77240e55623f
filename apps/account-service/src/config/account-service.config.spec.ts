import { generateKeyPairSync } from 'node:crypto';
import { ConfigError, loadConfig } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { AccountServiceConfig } from './account-service.config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(AccountServiceConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

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

describe('AccountServiceConfig', () => {
  it('has working local defaults', () => {
    const config = loadConfig(AccountServiceConfig, {});
    expect(config.PORT).toBe(3001);
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.AUTH_AUDIENCE).toBe('http://localhost:3001');
    expect(config.ADMIN_CLIENT_ID).toBe('charter-admin');
    expect(config.OUTBOX_POLL_INTERVAL).toBe(200);
    expect(config.EVENTS_NAMESPACE).toBe('');
    expect(config.jwksUri).toBe('http://localhost:3000/.well-known/jwks.json');
  });

  it('takes the admin console client and its redirect URIs, refusing a bad one by name', () => {
    const config = loadConfig(AccountServiceConfig, {
      ADMIN_CONSOLE_REDIRECT_URIS: 'http://127.0.0.1:8400/callback, https://console.example/cb',
    });
    expect(config.ADMIN_CONSOLE_CLIENT_ID).toBe('charter-admin-cli');
    expect(config.ADMIN_CONSOLE_REDIRECT_URIS).toEqual([
      'http://127.0.0.1:8400/callback',
      'https://console.example/cb',
    ]);
    for (const bad of ['javascript:alert(1)', 'not a url', 'ftp://console.example/cb']) {
      expect(problemsOf({ ADMIN_CONSOLE_REDIRECT_URIS: bad })).toEqual([
        expect.stringMatching(/^ADMIN_CONSOLE_REDIRECT_URIS: /),
      ]);
    }
  });

  it('derives the JWKS URI from the issuer unless set', () => {
    expect(loadConfig(AccountServiceConfig, { AUTH_ISSUER: 'http://127.0.0.1:4000' }).jwksUri).toBe(
      'http://127.0.0.1:4000/.well-known/jwks.json',
    );
    expect(
      loadConfig(AccountServiceConfig, { AUTH_JWKS_URI: 'https://keys.example.com/jwks' }).jwksUri,
    ).toBe('https://keys.example.com/jwks');
  });

  it('parses numbers', () => {
    const config = loadConfig(AccountServiceConfig, { PORT: '8080', OUTBOX_POLL_INTERVAL: '50' });
    expect(config.PORT).toBe(8080);
    expect(config.OUTBOX_POLL_INTERVAL).toBe(50);
  });

  it('names each bad variable and never its value', () => {
    const problems = problemsOf({
      PORT: 'x',
      DATABASE_URL: 'mysql://user:hunter2@db',
      AUTH_ISSUER: 'not a url',
      ADMIN_CLIENT_SECRET: 'short-secret-value',
      CREDENTIALS_HASH_KEY: 'short',
      LOG_LEVEL: 'loud',
      EVENTS_NAMESPACE: 'a.b',
    });
    const names = problems.map((line) => line.split(':')[0]);
    expect(names.sort()).toEqual([
      'ADMIN_CLIENT_SECRET',
      'AUTH_ISSUER',
      'CREDENTIALS_HASH_KEY',
      'DATABASE_URL',
      'EVENTS_NAMESPACE',
      'LOG_LEVEL',
      'PORT',
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2|short-secret-value/);
  });

  it('refuses the local secret defaults in production, NATS credentials and event keys included', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect([...problems].sort()).toEqual([
      'ADMIN_CLIENT_SECRET: must be set explicitly when NODE_ENV=production',
      'CREDENTIALS_HASH_KEY: must be set explicitly when NODE_ENV=production',
      'EVENTS_AUTH_SERVER_ENCRYPTION_KEY: must be set explicitly when NODE_ENV=production',
      'EVENTS_AUTH_SERVER_KEYS: must be set explicitly when NODE_ENV=production',
      'EVENTS_CONTENT_API_KEYS: must be set explicitly when NODE_ENV=production',
      'EVENTS_SIGNING_KEY: must be set explicitly when NODE_ENV=production',
      'NATS_USER: must be set when NODE_ENV=production',
    ]);
  });

  it('accepts explicit secrets in production', () => {
    const own = productionKey('account-service-1');
    const config = loadConfig(AccountServiceConfig, {
      NODE_ENV: 'production',
      ADMIN_CLIENT_SECRET: 'a'.repeat(40),
      CREDENTIALS_HASH_KEY: 'b'.repeat(40),
      NATS_USER: 'account-service',
      NATS_PASSWORD: 'p'.repeat(32),
      EVENTS_SIGNING_KEY: own.privateJwk,
      EVENTS_AUTH_SERVER_KEYS: productionKey('auth-server-1').publicSet,
      EVENTS_CONTENT_API_KEYS: productionKey('content-api-1').publicSet,
      EVENTS_AUTH_SERVER_ENCRYPTION_KEY: productionKey('auth-server-seal-1').publicJwk,
    });
    expect(config.ADMIN_CLIENT_SECRET).toHaveLength(40);
    expect(config.natsOptions('account-service')).toMatchObject({
      user: 'account-service',
      security: { service: 'account-service' },
    });
  });

  it('names a bad event key without showing it', () => {
    const own = productionKey('k1');
    const problems = problemsOf({
      EVENTS_SIGNING_KEY: own.publicJwk,
      EVENTS_AUTH_SERVER_KEYS: own.privateJwk,
      EVENTS_AUTH_SERVER_ENCRYPTION_KEY: '{not json',
      NATS_USER: 'account-service',
    });
    expect([...problems].sort()).toEqual([
      'EVENTS_AUTH_SERVER_ENCRYPTION_KEY: must be JSON (inline, or the path of a JSON file)',
      'EVENTS_AUTH_SERVER_KEYS: must be a JWK Set of public EC P-256 keys with distinct kids',
      'EVENTS_SIGNING_KEY: must be a private EC P-256 JWK with a kid',
      'NATS_PASSWORD: must be set when NATS_USER is',
    ]);
    expect(problems.join('\n')).not.toContain(JSON.parse(own.privateJwk).d);
  });
});
