import { ConfigError, loadConfig } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { ContentApiConfig } from './content-api.config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(ContentApiConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error.problems;
    }
    throw error;
  }
  return [];
}

describe('ContentApiConfig', () => {
  it('runs locally on defaults', () => {
    const config = loadConfig(ContentApiConfig, {});
    expect(config).toMatchObject({
      PORT: 3002,
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/charter',
      NATS_URL: ['nats://127.0.0.1:4222'],
      EVENTS_NAMESPACE: '',
      LOG_LEVEL: 'info',
      AUTH_ISSUER: 'http://localhost:3000',
      AUTH_AUDIENCE: 'http://localhost:3002',
    });
    expect(config.jwksUri).toBe('http://localhost:3000/.well-known/jwks.json');
  });

  it('hands every member of a NATS cluster to the client, so it reconnects to a survivor', () => {
    const config = loadConfig(ContentApiConfig, {
      NATS_URL: 'nats://10.0.0.1:4222,nats://10.0.0.2:4222,nats://10.0.0.3:4222',
      EVENTS_STREAM_REPLICAS: '3',
    });
    expect(config.natsOptions('content-api')).toMatchObject({
      url: ['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222', 'nats://10.0.0.3:4222'],
      streamReplicas: 3,
    });
  });

  it('derives the JWKS URI from the issuer unless it is set', () => {
    expect(loadConfig(ContentApiConfig, { AUTH_ISSUER: 'https://id.example.com' }).jwksUri).toBe(
      'https://id.example.com/.well-known/jwks.json',
    );
    // `iss` is compared exactly, so an issuer with a trailing slash is refused rather than trimmed.
    expect(() => loadConfig(ContentApiConfig, { AUTH_ISSUER: 'https://id.example.com/' })).toThrow(
      /AUTH_ISSUER: /,
    );
    expect(
      loadConfig(ContentApiConfig, {
        AUTH_ISSUER: 'https://id.example.com',
        AUTH_JWKS_URI: 'https://keys.example.com/jwks',
      }).jwksUri,
    ).toBe('https://keys.example.com/jwks');
  });

  it('names each bad variable and its rule, never the value', () => {
    const problems = problemsOf({
      PORT: '0',
      DATABASE_URL: 'mysql://user:s3cret@db/charter',
      NATS_URL: 'http://nats',
      LOG_LEVEL: 'loud',
      AUTH_AUDIENCE: 'not a url',
      EVENTS_NAMESPACE: 'a.b',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: /),
        'DATABASE_URL: must be a postgres:// URL',
        'NATS_URL: must be a nats:// or tls:// URL, or a comma-separated list of them',
        expect.stringMatching(/^LOG_LEVEL: must be one of /),
        'AUTH_AUDIENCE: must be an http(s) URL',
        expect.stringMatching(/^EVENTS_NAMESPACE: /),
      ]),
    );
    expect(problems.join('\n')).not.toContain('s3cret');
  });

  it('bounds how stale the in-memory access state may get (default one second)', () => {
    expect(loadConfig(ContentApiConfig, {}).ACCESS_STATE_MAX_STALENESS_MS).toBe(1000);
    expect(
      loadConfig(ContentApiConfig, { ACCESS_STATE_MAX_STALENESS_MS: '5000' })
        .ACCESS_STATE_MAX_STALENESS_MS,
    ).toBe(5000);
    expect(problemsOf({ ACCESS_STATE_MAX_STALENESS_MS: '50' })).toEqual([
      expect.stringMatching(/^ACCESS_STATE_MAX_STALENESS_MS: /),
    ]);
    expect(problemsOf({ ACCESS_STATE_MAX_STALENESS_MS: 'soon' })).toEqual([
      expect.stringMatching(/^ACCESS_STATE_MAX_STALENESS_MS: /),
    ]);
  });
});
