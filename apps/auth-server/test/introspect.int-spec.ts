import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import {
  ContentApiRegistered,
  ContractCreated,
  ContractSuspended,
  SystemAccountCreated,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildSystemAccount,
  publishEvent,
  publishScenario,
  type Scenario,
} from './support/account-events.js';
import {
  postForm,
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';
import {
  Browser,
  obtainCode,
  obtainTokens,
  publishInteractiveScenario,
  REDIRECT_URI,
} from './support/authorization-flow.js';
import { signWithServerKey } from './support/own-key.js';

/** RFC 7662 token introspection: POST /introspect, for the caller's own tokens only. */
describe('POST /introspect', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;
  let mine: Scenario;
  let other: Scenario;

  const credentials = (scenario: Scenario) => ({
    basic: { clientId: scenario.client.clientId, secret: scenario.secret },
  });
  const tokenOf = async (
    scenario: Scenario,
    form: Record<string, string> = {},
  ): Promise<string> => {
    const call = await postToken(
      server.url,
      { grant_type: 'client_credentials', ...form },
      credentials(scenario),
    );
    expect(call.status).toBe(200);
    return call.body.access_token as string;
  };
  const introspect = (
    form: Record<string, string | string[]> | string,
    options: Parameters<typeof postForm>[2] = credentials(mine),
  ): Promise<TokenCall> => postForm(`${server.url}/introspect`, form, options);

  const expectInactive = (call: TokenCall): void => {
    expect(call.status).toBe(200);
    expect(call.body).toEqual({ active: false });
    expect(call.headers.get('cache-control')).toBe('no-store');
  };
  const expectError = (call: TokenCall, status: number, error: string): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(typeof call.body.error_description).toBe('string');
    expect(call.headers.get('cache-control')).toBe('no-store');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
    mine = await publishScenario(ctx);
    other = await publishScenario(ctx);
    await waitFor('the projection to have both clients', async () => {
      const a = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        credentials(mine),
      );
      const b = await postToken(
        server.url,
        { grant_type: 'client_credentials' },
        credentials(other),
      );
      return a.status === 200 && b.status === 200;
    });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('describes an active token of the caller, with no-store (RFC 7662 §2.2)', async () => {
    const token = await tokenOf(mine, { scope: 'articles:read' });
    const claims = decodeJwt(token);
    const call = await introspect({ token });
    expect(call.status).toBe(200);
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.headers.get('content-type')).toMatch(/^application\/json/);
    expect(call.body).toEqual({
      active: true,
      scope: 'articles:read',
      client_id: mine.client.clientId,
      sub: mine.client.clientId,
      aud: mine.contract.resourceIndicator,
      iss: server.config.AUTH_ISSUER,
      exp: claims.exp,
      iat: claims.iat,
      jti: claims.jti,
      token_type: 'Bearer',
      enterprise_id: mine.enterprise.id,
      contract_id: mine.contract.id,
    });
  });

  it('accepts client_secret_post and ignores token_type_hint', async () => {
    const token = await tokenOf(mine);
    const call = await introspect(
      {
        token,
        token_type_hint: 'refresh_token',
        client_id: mine.client.clientId,
        client_secret: mine.secret,
      },
      {},
    );
    expect(call.body).toMatchObject({ active: true, jti: decodeJwt(token).jti });
  });

  it('describes a platform token (no contract)', async () => {
    const { state, secret } = buildSystemAccount({
      platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
    });
    await publishEvent(ctx, SystemAccountCreated, state, 1);
    const basic = { basic: { clientId: state.clientId, secret } };
    const issued = await waitFor('the platform client', async () => {
      const call = await postToken(server.url, { grant_type: 'client_credentials' }, basic);
      return call.status === 200 ? call : undefined;
    });
    const call = await introspect({ token: issued.body.access_token as string }, basic);
    expect(call.body).toMatchObject({
      active: true,
      aud: 'http://localhost:3001',
      scope: 'accounts:admin',
    });
    expect(call.body).not.toHaveProperty('contract_id');
  });

  it("answers {active:false} for another client's token (the caller's own tokens only)", async () => {
    const theirs = await tokenOf(other);
    expectInactive(await introspect({ token: theirs }));
    // The owner still sees it active.
    expect((await introspect({ token: theirs }, credentials(other))).body).toMatchObject({
      active: true,
    });
  });

  it('answers {active:false} once the token is revoked', async () => {
    const token = await tokenOf(mine);
    expect((await introspect({ token })).body).toMatchObject({ active: true });
    expect((await postForm(`${server.url}/revoke`, { token }, credentials(mine))).status).toBe(200);
    expectInactive(await introspect({ token }));
  });

  it('answers {active:false} for expired, garbage, foreign-issuer, non-access and forged tokens', async () => {
    const claims = decodeJwt(await tokenOf(mine));
    const now = Math.floor(Date.now() / 1000);
    const expired = await signWithServerKey(ctx, { ...claims, iat: now - 700, exp: now - 100 });
    const foreign = await signWithServerKey(ctx, { ...claims, iss: 'https://elsewhere.example' });
    const idToken = await signWithServerKey(ctx, claims, { typ: 'JWT' });
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'not-ours' })
      .sign((await generateKeyPair('ES256')).privateKey);
    for (const token of [expired, foreign, idToken, forged, 'garbage', 'a.b.c', 'x'.repeat(9000)]) {
      expectInactive(await introspect({ token }));
    }
  });

  it('answers {active:false} once the contract is suspended (projection)', async () => {
    const suspended = await publishScenario(ctx);
    const basic = credentials(suspended);
    const token = await waitFor('a token for the new scenario', async () => {
      const call = await postToken(server.url, { grant_type: 'client_credentials' }, basic);
      return call.status === 200 ? (call.body.access_token as string) : undefined;
    });
    expect((await introspect({ token }, basic)).body).toMatchObject({ active: true });
    await publishEvent(ctx, ContractSuspended, { ...suspended.contract, status: 'suspended' }, 2);
    await waitFor(
      'the suspension to show',
      async () => (await introspect({ token }, basic)).body.active === false,
    );
  });

  /**
   * RFC 7662 §1/§2.1: a protected resource asks whether a token presented to it is active. Here
   * it is a protected-resource client: a platform account standing for one content API.
   */
  describe('a protected-resource client (resourceServerFor)', () => {
    const REPORTS = 'https://reports.example.test';

    /** A resource server's account as the account service publishes it: no enterprise, linked to an API. */
    const publishResourceServer = async (
      resourceServerFor: string,
      overrides: Parameters<typeof buildSystemAccount>[0] = {},
    ) => {
      const { state, secret } = buildSystemAccount({ resourceServerFor, ...overrides });
      await publishEvent(ctx, SystemAccountCreated, state, 1);
      return { basic: { clientId: state.clientId, secret } };
    };

    it('describes the tokens issued for its API (every member), whichever client holds them', async () => {
      const articles = await publishResourceServer(mine.contract.resourceIndicator);
      const token = await tokenOf(mine, { scope: 'articles:read' });
      const claims = decodeJwt(token);
      const call = await waitFor('the resource server to be projected', async () => {
        const attempt = await introspect({ token }, articles);
        return attempt.body.active === true ? attempt : undefined;
      });
      expect(call.headers.get('cache-control')).toBe('no-store');
      expect(call.body).toEqual({
        active: true,
        scope: 'articles:read',
        client_id: mine.client.clientId,
        sub: mine.client.clientId,
        aud: mine.contract.resourceIndicator,
        iss: server.config.AUTH_ISSUER,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        token_type: 'Bearer',
        enterprise_id: mine.enterprise.id,
        contract_id: mine.contract.id,
      });
      // Another enterprise's token for the same API too: the API serves both.
      expect((await introspect({ token: await tokenOf(other) }, articles)).body).toMatchObject({
        active: true,
        client_id: other.client.clientId,
      });
      // And it still follows revocation.
      expect((await postForm(`${server.url}/revoke`, { token }, credentials(mine))).status).toBe(
        200,
      );
      expectInactive(await introspect({ token }, articles));
    });

    it('answers {active:false} to the resource server of another API (nothing told about the token)', async () => {
      const reports = await publishResourceServer(REPORTS);
      const articles = await publishResourceServer(mine.contract.resourceIndicator);
      const token = await tokenOf(mine);
      // Both projected: the articles server sees the token active ...
      await waitFor(
        'both resource servers to be projected',
        async () =>
          (await introspect({ token }, articles)).body.active === true &&
          (await introspect({ token: 'garbage' }, reports)).status === 200,
      );
      // ... the reports server, its nearest neighbour, does not.
      expectInactive(await introspect({ token }, reports));
    });

    it("answers {active:false} to another client of the token's own enterprise", async () => {
      const { state, secret } = buildSystemAccount({ enterpriseId: mine.enterprise.id });
      await publishEvent(ctx, SystemAccountCreated, state, 1);
      const sibling = { basic: { clientId: state.clientId, secret } };
      const token = await tokenOf(mine);
      await waitFor(
        'the sibling client to be projected',
        async () =>
          (await postToken(server.url, { grant_type: 'client_credentials' }, sibling)).status ===
          200,
      );
      expectInactive(await introspect({ token }, sibling));
    });

    it('gets no token at /token for anything: unauthorized_client, even with platform access', async () => {
      // Platform access is what would give a platform account a token; a resource server gets none.
      const articles = await publishResourceServer(mine.contract.resourceIndicator, {
        platformAccess: { audience: mine.contract.resourceIndicator, scopes: ['articles:read'] },
        grantTypes: ['client_credentials', 'password'],
      });
      await waitFor(
        'the resource server to be projected',
        async () => (await introspect({ token: 'garbage' }, articles)).status === 200,
      );
      for (const form of <Array<Record<string, string>>>[
        { grant_type: 'client_credentials' },
        { grant_type: 'client_credentials', resource: mine.contract.resourceIndicator },
        { grant_type: 'password', username: 'someone@example.test', password: 'x' },
      ]) {
        const call = await postToken(server.url, form, articles);
        expectError(call, 400, 'unauthorized_client');
        expect(call.body.error_description).toBe('a resource server may only introspect tokens');
        expect(call.body).not.toHaveProperty('access_token');
      }
    });
  });

  /** RFC 7662 §2.1: `token` may be a refresh token; only the client it was issued to learns of it. */
  describe('refresh tokens', () => {
    const obtainRefreshToken = async () => {
      const app = await publishInteractiveScenario(ctx, server.url, {
        tokenEndpointAuthMethods: ['client_secret_basic'],
      });
      const { code, verifier } = await obtainCode(new Browser(), server.url, app);
      const redeemed = await postToken(
        server.url,
        {
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
        },
        credentials(app),
      );
      expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(200);
      return {
        app,
        refreshToken: redeemed.body.refresh_token as string,
        scope: redeemed.body.scope,
      };
    };

    it('describes its own refresh token: active, client_id, scope, exp, token_type, sub', async () => {
      const { app, refreshToken, scope } = await obtainRefreshToken();
      const call = await introspect({ token: refreshToken }, credentials(app));
      expect(call.status).toBe(200);
      expect(call.headers.get('cache-control')).toBe('no-store');
      expect(call.body).toEqual({
        active: true,
        client_id: app.client.clientId,
        scope,
        exp: expect.any(Number),
        token_type: 'refresh_token',
        sub: app.user.id,
      });
      const [row] = await queryDatabase<{ expires_at: Date }>(
        ctx.databaseUrl,
        'SELECT expires_at FROM auth.refresh_tokens WHERE used_at IS NULL AND family_id IN (SELECT id FROM auth.token_families WHERE client_id = $1)',
        [app.client.clientId],
      );
      expect(call.body.exp).toBe(
        Math.floor((row as { expires_at: Date }).expires_at.getTime() / 1000),
      );
    });

    it("answers {active:false} to another client of the same enterprise, and to the API's resource server", async () => {
      const { app, refreshToken } = await obtainRefreshToken();
      const { state, secret } = buildSystemAccount({ enterpriseId: app.enterprise.id });
      const rs = buildSystemAccount({ resourceServerFor: app.contract.resourceIndicator });
      await publishEvent(ctx, SystemAccountCreated, state, 1);
      await publishEvent(ctx, SystemAccountCreated, rs.state, 1);
      const sibling = { basic: { clientId: state.clientId, secret } };
      const resourceServer = { basic: { clientId: rs.state.clientId, secret: rs.secret } };
      await waitFor(
        'both clients to be projected',
        async () =>
          (await introspect({ token: 'garbage' }, sibling)).status === 200 &&
          (await introspect({ token: 'garbage' }, resourceServer)).status === 200,
      );
      expectInactive(await introspect({ token: refreshToken }, sibling));
      expectInactive(await introspect({ token: refreshToken }, resourceServer));
      // The owner still sees it active.
      expect((await introspect({ token: refreshToken }, credentials(app))).body.active).toBe(true);
    });

    it('answers {active:false} once rotated out or revoked', async () => {
      const { app, refreshToken } = await obtainRefreshToken();
      const rotated = await postToken(
        server.url,
        { grant_type: 'refresh_token', refresh_token: refreshToken },
        credentials(app),
      );
      expect(rotated.status).toBe(200);
      expectInactive(await introspect({ token: refreshToken }, credentials(app)));
      const next = rotated.body.refresh_token as string;
      expect((await introspect({ token: next }, credentials(app))).body.active).toBe(true);
      expect(
        (await postForm(`${server.url}/revoke`, { token: next }, credentials(app))).status,
      ).toBe(200);
      expectInactive(await introspect({ token: next }, credentials(app)));
    });
  });

  it('judges a token by its own contract when its enterprise holds two (each of them active)', async () => {
    // The nearest neighbour of the token's contract: another contract of the same enterprise
    // (a scenario of its own: a second contract makes a token request without resource ambiguous).
    const own = await publishScenario(ctx);
    const reports = buildContentApi({
      name: 'Reports',
      resourceIndicator: `https://reports-${own.enterprise.id}.example.test`,
      scopes: [{ name: 'reports:read', description: 'Read reports' }],
    });
    const second = buildContract({
      enterpriseId: own.enterprise.id,
      contentApiId: reports.id,
      resourceIndicator: reports.resourceIndicator,
      scopes: ['reports:read'],
    });
    await publishEvent(ctx, ContentApiRegistered, reports, 1);
    await publishEvent(ctx, ContractCreated, second, 1);
    const reportsToken = await waitFor('the second contract in the projection', async () => {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials', resource: reports.resourceIndicator },
        credentials(own),
      );
      return call.status === 200 ? (call.body.access_token as string) : undefined;
    });
    const articlesToken = await tokenOf(own, { resource: own.contract.resourceIndicator });
    for (const [token, contract] of [
      [reportsToken, second],
      [articlesToken, own.contract],
    ] as const) {
      const call = await introspect({ token }, credentials(own));
      expect(call.body).toMatchObject({
        active: true,
        contract_id: contract.id,
        aud: contract.resourceIndicator,
      });
    }
  });

  describe('errors (RFC 7662 §2.3, RFC 6749 §5.2)', () => {
    it('no client authentication: 401 invalid_client with a Basic challenge', async () => {
      const call = await introspect({ token: await tokenOf(mine) }, {});
      expectError(call, 401, 'invalid_client');
      expect(call.headers.get('www-authenticate')).toBe('Basic realm="charter"');
    });

    it('a public client (auth method none), even with its own token: 401 invalid_client (RFC 7662 §2.1)', async () => {
      const app = await publishInteractiveScenario(ctx, server.url);
      const token = (await obtainTokens(server.url, app)).access_token as string;
      const call = await introspect({ client_id: app.client.clientId, token }, {});
      expectError(call, 401, 'invalid_client');
      // Told why, so the client's developer does not look for a wrong secret.
      expect(call.body.error_description).toBe('public clients may not introspect tokens');
      expect(call.body).not.toHaveProperty('active');
    });

    it('wrong secret, and an unknown client: 401 invalid_client', async () => {
      const token = await tokenOf(mine);
      expectError(
        await introspect({ token }, { basic: { clientId: mine.client.clientId, secret: 'wrong' } }),
        401,
        'invalid_client',
      );
      expectError(
        await introspect({ token }, { basic: { clientId: 'nobody', secret: 'wrong' } }),
        401,
        'invalid_client',
      );
    });

    it('missing token: 400 invalid_request', async () => {
      expectError(await introspect({ token_type_hint: 'access_token' }), 400, 'invalid_request');
      expectError(await introspect('token='), 400, 'invalid_request');
    });

    it('repeated parameter: 400 invalid_request', async () => {
      const token = await tokenOf(mine);
      expectError(await introspect({ token: [token, token] }), 400, 'invalid_request');
    });

    it('JSON, malformed JSON, other content types and no body: 400 invalid_request', async () => {
      const token = await tokenOf(mine);
      const headers = (type: string) => ({
        ...credentials(mine),
        headers: { 'content-type': type },
      });
      expectError(
        await introspect(JSON.stringify({ token }), headers('application/json')),
        400,
        'invalid_request',
      );
      expectError(
        await introspect('{"token": ', headers('application/json')),
        400,
        'invalid_request',
      );
      expectError(
        await introspect(`token=${token}`, headers('text/plain')),
        400,
        'invalid_request',
      );
      expectError(
        await introspect('', headers('application/x-www-form-urlencoded')),
        400,
        'invalid_request',
      );
    });
  });
});
