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

  it('refuses the local secret defaults in production', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'ADMIN_CLIENT_SECRET: must be set explicitly when NODE_ENV=production',
      'CREDENTIALS_HASH_KEY: must be set explicitly when NODE_ENV=production',
    ]);
  });

  it('accepts explicit secrets in production', () => {
    const config = loadConfig(AccountServiceConfig, {
      NODE_ENV: 'production',
      ADMIN_CLIENT_SECRET: 'a'.repeat(40),
      CREDENTIALS_HASH_KEY: 'b'.repeat(40),
    });
    expect(config.ADMIN_CLIENT_SECRET).toHaveLength(40);
  });
});
