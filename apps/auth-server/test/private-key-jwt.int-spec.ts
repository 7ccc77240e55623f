import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import {
  type CryptoKey,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type JWK,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsedClientAssertionsPruner } from '../src/oauth/client-auth/used-client-assertions.pruner.js';
import { publishScenario, type Scenario } from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';

const ISSUER = 'http://auth.example.test';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface KeyPair {
  readonly alg: string;
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

async function keyPair(alg: 'ES256' | 'RS256' | 'PS256'): Promise<KeyPair> {
  const pair = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg}-${randomUUID()}`;
  return {
    alg,
    kid,
    privateKey: pair.privateKey,
    publicJwk: { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' },
  };
}

/** RFC 7523 §3 claims for `clientId`, each overridable (undefined removes one). */
async function assertion(
  clientId: string,
  key: KeyPair,
  overrides: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: clientId,
    sub: clientId,
    aud: ISSUER,
    jti: randomUUID(),
    iat: now,
    exp: now + 60,
    ...overrides,
  };
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined) {
      delete claims[name];
    }
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, ...header })
    .sign(key.privateKey);
}

/** private_key_jwt client authentication (RFC 7523 §2.2, OpenID Connect Core §9). */
describe('private_key_jwt client authentication', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let jwksServer: Server;
  let jwksUrl: string;
  const served: { keys: JWK[] } = { keys: [] };

  let es: KeyPair;
  let rs: KeyPair;
  let ps: KeyPair;
  let inline: Scenario;
  let remote: Scenario;
  let secretOnly: Scenario;

  const withAssertion = (jwt: string, extra: Record<string, string> = {}) => ({
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: jwt,
    ...extra,
  });
  const token = (jwt: string, extra: Record<string, string> = {}): Promise<TokenCall> =>
    postToken(server.url, { grant_type: 'client_credentials', ...withAssertion(jwt, extra) });

  const expectInvalidClient = (call: TokenCall): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({
      status: 401,
      error: 'invalid_client',
    });
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.body).not.toHaveProperty('access_token');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
    [es, rs, ps] = await Promise.all([keyPair('ES256'), keyPair('RS256'), keyPair('PS256')]);

    // The client's own JWKS endpoint, as a portal would host it.
    jwksServer = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
    served.keys = [es.publicJwk];

    inline = await publishScenario(ctx, {
      client: {
        tokenEndpointAuthMethods: ['private_key_jwt'],
        jwks: { keys: [es.publicJwk, rs.publicJwk, ps.publicJwk] },
      },
    });
    remote = await publishScenario(ctx, {
      client: { tokenEndpointAuthMethods: ['private_key_jwt'], jwksUri: jwksUrl },
    });
    // Has keys but is registered for client secrets only.
    secretOnly = await publishScenario(ctx, {
      client: {
        tokenEndpointAuthMethods: ['client_secret_basic'],
        jwks: { keys: [es.publicJwk] },
      },
    });
    await waitFor('the projection to have the clients', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        { basic: { clientId: secretOnly.client.clientId, secret: secretOnly.secret } },
      );
      return call.status === 200;
    });
  });

  afterAll(async () => {
    await server?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
    await ctx?.cleanup();
  });

  describe('accepts', () => {
    it.each(['ES256', 'RS256', 'PS256'])(
      'an assertion signed with %s (inline jwks)',
      async (alg) => {
        const key = { ES256: es, RS256: rs, PS256: ps }[alg]!;
        const call = await token(await assertion(inline.client.clientId, key));
        expect(call.status).toBe(200);
        expect(decodeJwt(call.body.access_token as string)).toMatchObject({
          sub: inline.client.clientId,
          client_id: inline.client.clientId,
          contract_id: inline.contract.id,
        });
      },
    );

    it('the issuer as a one-element audience array, and a matching client_id parameter', async () => {
      const jwt = await assertion(inline.client.clientId, es, { aud: [ISSUER] });
      expect((await token(jwt, { client_id: inline.client.clientId })).status).toBe(200);
    });

    it('keys fetched from the client jwks_uri, and a key the client adds there later', async () => {
      expect((await token(await assertion(remote.client.clientId, es))).status).toBe(200);
      served.keys = [es.publicJwk, rs.publicJwk];
      // An unknown kid refetches the set (after a 10 s cooldown at most).
      const call = await waitFor(
        'the new key to be fetched',
        async () => {
          const attempt = await token(await assertion(remote.client.clientId, rs));
          return attempt.status === 200 ? attempt : undefined;
        },
        { timeoutMs: 45_000, intervalMs: 500 },
      );
      expect(call.status).toBe(200);
    }, 60_000);

    it('at /introspect and /revoke too (the same authenticator)', async () => {
      const issued = await token(await assertion(inline.client.clientId, es));
      const accessToken = issued.body.access_token as string;
      const introspected = await postForm(`${server.url}/introspect`, {
        token: accessToken,
        ...withAssertion(await assertion(inline.client.clientId, es)),
      });
      expect(introspected.status).toBe(200);
      expect(introspected.body).toMatchObject({ active: true, client_id: inline.client.clientId });
      const revoked = await postForm(`${server.url}/revoke`, {
        token: accessToken,
        ...withAssertion(await assertion(inline.client.clientId, es)),
      });
      expect(revoked.status).toBe(200);
      const after = await postForm(`${server.url}/introspect`, {
        token: accessToken,
        ...withAssertion(await assertion(inline.client.clientId, es)),
      });
      expect(after.body).toEqual({ active: false });
      // A failed assertion is invalid_client there as well.
      expectInvalidClient(
        await postForm(`${server.url}/introspect`, {
          token: accessToken,
          ...withAssertion(await assertion(inline.client.clientId, rs, {}, { kid: es.kid })),
        }),
      );
    });
  });

  /**
   * draft-ietf-oauth-rfc7523bis: the issuer identifier must be the assertion's sole audience.
   * Each assertion below is valid in every other respect (the client's key, fresh jti), and
   * each endpoint that authenticates clients refuses it, changing nothing (the token stays active).
   */
  describe('refuses an audience other than the issuer alone, at every endpoint', () => {
    const audiences: Array<[string, string | string[]]> = [
      ['the issuer next to another server', [ISSUER, 'https://other-as.example.test']],
      ['another server next to the issuer', ['https://other-as.example.test', ISSUER]],
      ['the token endpoint URL', `${ISSUER}/token`],
      ['the introspection endpoint URL', `${ISSUER}/introspect`],
      ['the revocation endpoint URL', `${ISSUER}/revoke`],
    ];
    let accessToken: string;

    beforeAll(async () => {
      accessToken = (await token(await assertion(inline.client.clientId, es))).body
        .access_token as string;
    });

    it.each(audiences)('at /token: %s', async (_case, aud) => {
      const call = await token(await assertion(inline.client.clientId, es, { aud }));
      expectInvalidClient(call);
      expect(call.body.error_description).toBe(
        'the client assertion aud must be the issuer identifier alone',
      );
    });

    it.each(audiences)('at /introspect: %s', async (_case, aud) => {
      expectInvalidClient(
        await postForm(`${server.url}/introspect`, {
          token: accessToken,
          ...withAssertion(await assertion(inline.client.clientId, es, { aud })),
        }),
      );
    });

    it.each(audiences)('at /revoke: %s', async (_case, aud) => {
      expectInvalidClient(
        await postForm(`${server.url}/revoke`, {
          token: accessToken,
          ...withAssertion(await assertion(inline.client.clientId, es, { aud })),
        }),
      );
      const introspected = await postForm(`${server.url}/introspect`, {
        token: accessToken,
        ...withAssertion(await assertion(inline.client.clientId, es)),
      });
      expect(introspected.body).toMatchObject({ active: true });
    });
  });

  describe('refuses with invalid_client (401)', () => {
    it('a replayed assertion (the same jti), until it expires', async () => {
      const jwt = await assertion(inline.client.clientId, es);
      expect((await token(jwt)).status).toBe(200);
      expectInvalidClient(await token(jwt));
      // Another assertion reusing the jti is a replay too.
      const { jti } = decodeJwt(jwt);
      expectInvalidClient(await token(await assertion(inline.client.clientId, es, { jti })));
      const rows = await queryDatabase<{ expires_at: Date }>(
        ctx.databaseUrl,
        'SELECT expires_at FROM auth.used_client_assertions WHERE client_id = $1 AND jti = $2',
        [inline.client.clientId, jti],
      );
      expect(rows).toHaveLength(1);
    });

    it('a replay at another instance (the used jti is in Postgres)', async () => {
      const other = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
      try {
        const jwt = await assertion(inline.client.clientId, es);
        expect((await token(jwt)).status).toBe(200);
        expectInvalidClient(
          await postToken(other.url, { grant_type: 'client_credentials', ...withAssertion(jwt) }),
        );
      } finally {
        await other.close();
      }
    });

    it('a replay after exp but within the clock tolerance, at this instance and at another', async () => {
      const other = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
      try {
        const exp = Math.floor(Date.now() / 1000) + 5;
        const jwt = await assertion(inline.client.clientId, es, { exp });
        expect((await token(jwt)).status).toBe(200);
        // 3 s after exp: the verifier still accepts the assertion (30 s tolerance), so its jti must still be known.
        const afterExp = new Date((exp + 3) * 1000);
        server.clock.freezeAt(afterExp);
        other.clock.freezeAt(afterExp);
        expectInvalidClient(await token(jwt));
        expectInvalidClient(
          await postToken(other.url, { grant_type: 'client_credentials', ...withAssertion(jwt) }),
        );
        // The pruner (same clock) keeps it too: it is remembered until exp plus the tolerance.
        await server.app.get(UsedClientAssertionsPruner).prune();
        const rows = await queryDatabase<{ expires_at: Date }>(
          ctx.databaseUrl,
          'SELECT expires_at FROM auth.used_client_assertions WHERE client_id = $1 AND jti = $2',
          [inline.client.clientId, decodeJwt(jwt).jti],
        );
        expect(rows.map((row) => row.expires_at.getTime())).toEqual([(exp + 30) * 1000]);
        // Past the tolerance the assertion itself is refused as expired, remembered or not.
        other.clock.freezeAt(new Date((exp + 31) * 1000));
        expectInvalidClient(
          await postToken(other.url, { grant_type: 'client_credentials', ...withAssertion(jwt) }),
        );
      } finally {
        server.clock.reset();
        await other.close();
      }
    });

    it('50 parallel uses of one assertion across two instances give exactly one token', async () => {
      const other = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
      try {
        const jwt = await assertion(inline.client.clientId, es);
        const calls = await Promise.all(
          Array.from({ length: 50 }, (_, index) =>
            postToken(index % 2 === 0 ? server.url : other.url, {
              grant_type: 'client_credentials',
              ...withAssertion(jwt),
            }),
          ),
        );
        const statuses = calls.map((call) => call.status);
        expect(statuses.filter((status) => status === 200)).toHaveLength(1);
        expect(statuses.filter((status) => status === 401)).toHaveLength(49);
      } finally {
        await other.close();
      }
    });

    it('two instances racing on one assertion: only one wins', async () => {
      const other = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER });
      try {
        const jwt = await assertion(inline.client.clientId, es);
        const calls = await Promise.all([
          token(jwt),
          postToken(other.url, { grant_type: 'client_credentials', ...withAssertion(jwt) }),
          token(jwt),
        ]);
        expect(calls.map((call) => call.status).sort()).toEqual([200, 401, 401]);
      } finally {
        await other.close();
      }
    });

    it.each<[string, (clientId: string) => Promise<string>]>([
      [
        'a signature by a key the client did not register',
        async (id) => assertion(id, await keyPair('ES256'), {}, { kid: es.kid }),
      ],
      [
        'a signature by another registered key than the kid names',
        async (id) => assertion(id, rs, {}, { kid: ps.kid }),
      ],
      [
        'an expired assertion',
        async (id) =>
          assertion(id, es, {
            iat: Math.floor(Date.now() / 1000) - 600,
            exp: Math.floor(Date.now() / 1000) - 120,
          }),
      ],
      [
        'an assertion valid for more than five minutes',
        async (id) => assertion(id, es, { exp: Math.floor(Date.now() / 1000) + 3_600 }),
      ],
      ['no exp', async (id) => assertion(id, es, { exp: undefined })],
      ['no jti', async (id) => assertion(id, es, { jti: undefined })],
      [
        'an assertion not yet valid (nbf)',
        async (id) => assertion(id, es, { nbf: Math.floor(Date.now() / 1000) + 240 }),
      ],
      [
        'another audience',
        async (id) => assertion(id, es, { aud: 'https://elsewhere.example.test' }),
      ],
      ['an iss that is not the client', async (id) => assertion(id, es, { iss: 'someone-else' })],
      [
        'alg none',
        (id) =>
          Promise.resolve(
            new UnsecuredJWT({
              iss: id,
              sub: id,
              aud: ISSUER,
              jti: randomUUID(),
              exp: Math.floor(Date.now() / 1000) + 60,
            }).encode(),
          ),
      ],
      [
        'alg HS256 (a shared secret is not a registered key)',
        async (id) =>
          new SignJWT({ jti: randomUUID() })
            .setProtectedHeader({ alg: 'HS256' })
            .setIssuer(id)
            .setSubject(id)
            .setAudience(ISSUER)
            .setExpirationTime('1m')
            .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!')),
      ],
      [
        'a tampered payload',
        async (id) => {
          const [header, , signature] = (await assertion(id, es)).split('.');
          const payload = Buffer.from(
            JSON.stringify({
              iss: id,
              sub: id,
              aud: ISSUER,
              jti: randomUUID(),
              exp: Math.floor(Date.now() / 1000) + 60,
            }),
          ).toString('base64url');
          return `${header}.${payload}.${signature}`;
        },
      ],
      ['not a JWT', () => Promise.resolve('not-a-jwt')],
    ])('%s', async (_case, make) => {
      expectInvalidClient(await token(await make(inline.client.clientId)));
    });

    it('an assertion for another client (sub names a client whose keys did not sign it)', async () => {
      expectInvalidClient(
        await token(await assertion(remote.client.clientId, rs, {}, { kid: 'none' })),
      );
    });

    it('a client_id parameter that is not the assertion subject', async () => {
      expectInvalidClient(
        await token(await assertion(inline.client.clientId, es), {
          client_id: remote.client.clientId,
        }),
      );
    });

    it('an unknown client', async () => {
      expectInvalidClient(await token(await assertion('nobody', es)));
    });

    it('a client not registered for private_key_jwt, even with keys', async () => {
      const call = await token(await assertion(secretOnly.client.clientId, es));
      expectInvalidClient(call);
      expect(call.body.error_description).toBe('the client is not registered for private_key_jwt');
    });

    it('a client registered for private_key_jwt whose keys cannot be fetched', async () => {
      const broken = await publishScenario(ctx, {
        client: {
          tokenEndpointAuthMethods: ['private_key_jwt', 'client_secret_basic'],
          jwksUri: 'http://127.0.0.1:9/unreachable.json',
        },
      });
      await waitFor(
        'the projection to have the client',
        async () =>
          (
            await postToken(
              server.url,
              { grant_type: 'client_credentials' },
              { basic: { clientId: broken.client.clientId, secret: broken.secret } },
            )
          ).status === 200,
      );
      expectInvalidClient(await token(await assertion(broken.client.clientId, es)));
    });

    it('a wrong or missing client_assertion_type, and a missing client_assertion', async () => {
      const jwt = await assertion(inline.client.clientId, es);
      expectInvalidClient(
        await postToken(server.url, {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:saml2-bearer',
          client_assertion: jwt,
        }),
      );
      expectInvalidClient(
        await postToken(server.url, { grant_type: 'client_credentials', client_assertion: jwt }),
      );
      expectInvalidClient(
        await postToken(server.url, {
          grant_type: 'client_credentials',
          client_assertion_type: ASSERTION_TYPE,
        }),
      );
    });
  });

  it('refuses an assertion together with another method with invalid_request (RFC 6749 §2.3)', async () => {
    const jwt = await assertion(inline.client.clientId, es);
    const call = await postToken(
      server.url,
      { grant_type: 'client_credentials', ...withAssertion(jwt) },
      { basic: { clientId: inline.client.clientId, secret: inline.secret } },
    );
    expect({ status: call.status, error: call.body.error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
    const posted = await token(jwt, {
      client_id: inline.client.clientId,
      client_secret: inline.secret,
    });
    expect(posted.body.error).toBe('invalid_request');
    // Refused before verification: the assertion is still unused.
    expect((await token(jwt)).status).toBe(200);
  });

  it('prunes used assertions once expired, and keeps the others', async () => {
    const jwt = await assertion(inline.client.clientId, es);
    expect((await token(jwt)).status).toBe(200);
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.used_client_assertions (client_id, jti, expires_at)
       VALUES ($1, 'long-expired', now() - interval '1 minute')`,
      [inline.client.clientId],
    );
    expect(await server.app.get(UsedClientAssertionsPruner).prune()).toBeGreaterThanOrEqual(1);
    const rows = await queryDatabase<{ jti: string }>(
      ctx.databaseUrl,
      'SELECT jti FROM auth.used_client_assertions WHERE client_id = $1',
      [inline.client.clientId],
    );
    expect(rows.map((row) => row.jti)).not.toContain('long-expired');
    expect(rows.map((row) => row.jti)).toContain(decodeJwt(jwt).jti);
  });

  it('is advertised in the metadata with its signing algorithms (RFC 8414 §2)', async () => {
    const response = await fetch(`${server.url}/.well-known/oauth-authorization-server`);
    const metadata = (await response.json()) as Record<string, unknown>;
    for (const endpoint of ['token', 'revocation', 'introspection']) {
      expect(metadata[`${endpoint}_endpoint_auth_methods_supported`]).toContain('private_key_jwt');
      expect(metadata[`${endpoint}_endpoint_auth_signing_alg_values_supported`]).toEqual([
        'ES256',
        'RS256',
        'PS256',
      ]);
    }
  });
});
