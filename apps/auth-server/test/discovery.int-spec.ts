import { TOKEN_EXCHANGE_GRANT } from '@charter/events';
import { createTestContext, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, settle } from './support/account-events.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const ISSUER = 'http://auth.example.test/tenant';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];

describe('discovery and JWKS', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it.each(['oauth-authorization-server', 'openid-configuration'])(
    'serves RFC 8414 metadata at /.well-known/%s',
    async (document) => {
      await publishScenario(ctx);
      await settle(ctx, server.url);
      const response = await fetch(`${server.url}/.well-known/${document}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata).toMatchObject({
        issuer: ISSUER,
        token_endpoint: `${ISSUER}/token`,
        jwks_uri: `${ISSUER}/.well-known/jwks.json`,
        grant_types_supported: [
          'client_credentials',
          'password',
          TOKEN_EXCHANGE_GRANT,
          'authorization_code',
          'refresh_token',
        ],
        token_endpoint_auth_methods_supported: [...AUTH_METHODS, 'none'],
        token_endpoint_auth_signing_alg_values_supported: ['ES256', 'RS256', 'PS256'],
        revocation_endpoint: `${ISSUER}/revoke`,
        revocation_endpoint_auth_methods_supported: [...AUTH_METHODS, 'none'],
        introspection_endpoint: `${ISSUER}/introspect`,
        introspection_endpoint_auth_methods_supported: AUTH_METHODS,
        response_types_supported: ['code'],
        authorization_endpoint: `${ISSUER}/authorize`,
        code_challenge_methods_supported: ['S256'],
        userinfo_endpoint: `${ISSUER}/userinfo`,
        end_session_endpoint: `${ISSUER}/logout`,
        subject_types_supported: ['public'],
        // OIDC Discovery §3 and Core §15.1: RS256 must be there; ES256 and PS256 on request.
        id_token_signing_alg_values_supported: ['RS256', 'ES256', 'PS256'],
        authorization_response_iss_parameter_supported: true,
      });
      expect(metadata.claims_supported).toEqual(
        expect.arrayContaining(['sub', 'auth_time', 'nonce', 'at_hash', 'email', 'name']),
      );
      expect(metadata.scopes_supported).toEqual(
        expect.arrayContaining([
          'openid',
          'profile',
          'email',
          'offline_access',
          'articles:read',
          'articles:search',
        ]),
      );
    },
  );

  it('serves one public signing key per algorithm with use, alg and an RFC 7638 kid', async () => {
    const response = await fetch(`${server.url}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, unknown>> };
    expect(keys.map((key) => key.alg).sort()).toEqual(['ES256', 'PS256', 'RS256']);
    const { calculateJwkThumbprint } = await import('jose');
    for (const key of keys) {
      const rsa = key.alg !== 'ES256';
      expect(key).toEqual(
        rsa
          ? {
              kty: 'RSA',
              n: expect.any(String),
              e: 'AQAB',
              kid: expect.any(String),
              alg: key.alg,
              use: 'sig',
            }
          : {
              kty: 'EC',
              crv: 'P-256',
              x: expect.any(String),
              y: expect.any(String),
              kid: expect.any(String),
              alg: 'ES256',
              use: 'sig',
            },
      );
      for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) {
        expect(key).not.toHaveProperty(member);
      }
      const { kid: _kid, alg: _alg, use: _use, ...members } = key;
      expect(await calculateJwkThumbprint(members as Record<string, string>)).toBe(key.kid);
    }
  });
});
