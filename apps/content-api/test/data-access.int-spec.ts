import { randomUUID } from 'node:crypto';
import {
  createTestContext,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { startAuthServer, tokenFor } from './support/auth-server.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';
import {
  claimsOf,
  headerOf,
  hmacWith,
  signWithOwnKey,
  unsecured,
} from './support/forged-tokens.js';

const OTHER_API_AUDIENCE = 'http://localhost:3009';

function expectProblem(answer: HttpAnswer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({
    status,
    code,
    type: `https://charter.dev/problems/${code.replaceAll('_', '-')}`,
  });
}

function expectInvalidToken(answer: HttpAnswer, description: string): void {
  expectProblem(answer, 401, 'invalid_token');
  const challenge = answer.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer /);
  expect(challenge).toContain('error="invalid_token"');
  expect(challenge).toContain(`error_description="${description}"`);
}

describe('content API data access with tokens of the real authorization server', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  /** Contract for this API: articles and reports, not prices. */
  let acme: Caller & { enterpriseId: string; contractId: string };
  /** Contract for this API with every scope. */
  let globex: Caller & { enterpriseId: string; contractId: string };
  let acmeToken: string;
  let globexToken: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });

    const contentApi = buildContentApi();
    const otherApi = buildContentApi({ name: 'Other data', resourceIndicator: OTHER_API_AUDIENCE });
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
    await publishEvent(ctx, ContentApiRegistered, otherApi, 1);

    const enroll = async (name: string, scopes: string[]) => {
      const enterprise = buildEnterprise({ name });
      await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
      const contract = buildContract({
        enterpriseId: enterprise.id,
        contentApiId: contentApi.id,
        scopes,
      });
      await publishEvent(ctx, ContractCreated, contract, 1);
      const caller = await publishSystemAccount(ctx, {
        enterpriseId: enterprise.id,
        name: `${name} portal`,
      });
      return { ...caller, enterpriseId: enterprise.id, contractId: contract.id };
    };
    acme = await enroll('Acme', ['articles:read', 'reports:read']);
    globex = await enroll('Globex', ['articles:read', 'prices:read', 'reports:read']);
    // Acme also holds a contract for another content API.
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({
        enterpriseId: acme.enterpriseId,
        contentApiId: otherApi.id,
        resourceIndicator: OTHER_API_AUDIENCE,
      }),
      1,
    );

    acmeToken = await tokenFor(authServer, acme, { resource: CONTENT_API_AUDIENCE });
    globexToken = await tokenFor(authServer, globex, { resource: CONTENT_API_AUDIENCE });
    // The content API's projection is eventually consistent too.
    await waitFor(
      'the content API to accept both tokens',
      async () =>
        (await api.get('/v1/me', acmeToken)).status === 200 &&
        (await api.get('/v1/me', globexToken)).status === 200,
    );
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  describe('covered data', () => {
    it('tells the caller its contract, enterprise and scopes', async () => {
      const me = await api.get('/v1/me', acmeToken);
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        clientId: acme.clientId,
        contractId: acme.contractId,
        enterpriseId: acme.enterpriseId,
      });
      expect([...(me.body.scopes as string[])].sort()).toEqual(['articles:read', 'reports:read']);
    });

    it('lists articles, paged and filtered', async () => {
      const all = await api.get('/v1/articles', acmeToken);
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ total: 8, limit: 20, offset: 0 });
      expect((all.body.items as unknown[]).length).toBe(8);

      const page = await api.get('/v1/articles?limit=2&offset=1', acmeToken);
      expect((page.body.items as Array<{ id: string }>).map((article) => article.id)).toEqual([
        'art-0007',
        'art-0006',
      ]);

      const fx = await api.get('/v1/articles?topic=fx', acmeToken);
      expect(fx.body).toMatchObject({ total: 2 });
    });

    it('returns one article, and a problem for an unknown one', async () => {
      const article = await api.get('/v1/articles/art-0006', acmeToken);
      expect(article.status).toBe(200);
      expect(article.body).toEqual({
        id: 'art-0006',
        title: 'Acme Industrial beats on margins, raises guidance',
        summary: expect.any(String),
        topics: ['equities'],
        publishedAt: '2025-06-10T07:00:00Z',
      });
      expectProblem(await api.get('/v1/articles/art-9999', acmeToken), 404, 'article_not_found');
    });

    it('returns prices to a contract that covers them', async () => {
      const prices = await api.get('/v1/prices?assetClass=fx', globexToken);
      expect(prices.status).toBe(200);
      expect((prices.body.items as Array<{ symbol: string }>).map((price) => price.symbol)).toEqual(
        ['EURUSD', 'USDJPY'],
      );
    });

    it("returns the caller's own enterprise's reports", async () => {
      const reports = await api.get(
        `/v1/enterprises/${acme.enterpriseId}/reports?limit=3`,
        acmeToken,
      );
      expect(reports.status).toBe(200);
      const items = reports.body.items as Array<{ enterpriseId: string; period: string }>;
      expect(items.map((report) => report.period)).toEqual(['2025-06', '2025-05', '2025-04']);
      expect(items.every((report) => report.enterpriseId === acme.enterpriseId)).toBe(true);
      expect(reports.body.total).toBe(6);
    });
  });

  describe('nothing else', () => {
    it('refuses a scope the contract does not grant with insufficient_scope', async () => {
      const answer = await api.get('/v1/prices', acmeToken);
      expectProblem(answer, 403, 'insufficient_scope');
      expect(answer.headers.get('www-authenticate')).toMatch(
        /^Bearer .*error="insufficient_scope"/,
      );
      expect(answer.headers.get('www-authenticate')).toContain('scope="prices:read"');
    });

    it('gives a token narrowed at the token endpoint only what it asked for', async () => {
      const narrow = await tokenFor(authServer, acme, {
        resource: CONTENT_API_AUDIENCE,
        scope: 'articles:read',
      });
      expect((await api.get('/v1/articles', narrow)).status).toBe(200);
      expectProblem(
        await api.get(`/v1/enterprises/${acme.enterpriseId}/reports`, narrow),
        403,
        'insufficient_scope',
      );
      expect((await api.get('/v1/me', narrow)).body.scopes).toEqual(['articles:read']);
    });

    it("refuses another enterprise's reports, and an unknown enterprise's the same way", async () => {
      const other = await api.get(`/v1/enterprises/${globex.enterpriseId}/reports`, acmeToken);
      const unknown = await api.get(`/v1/enterprises/${randomUUID()}/reports`, acmeToken);
      const notAnId = await api.get('/v1/enterprises/not-an-id/reports', acmeToken);
      for (const answer of [other, unknown, notAnId]) {
        expectProblem(answer, 403, 'enterprise_mismatch');
        expect(answer.headers.get('www-authenticate')).toBeNull();
      }
      const comparable = (answer: HttpAnswer) => ({
        ...answer.body,
        instance: undefined,
        requestId: undefined,
      });
      expect(comparable(unknown)).toEqual(comparable(other));
    });
  });

  describe('query validation', () => {
    it.each([
      ['/v1/articles?limit=0', '/limit'],
      ['/v1/articles?limit=101', '/limit'],
      ['/v1/articles?limit=abc', '/limit'],
      ['/v1/articles?limit=1.5', '/limit'],
      ['/v1/articles?limit=1&limit=2', '/limit'],
      ['/v1/articles?offset=-1', '/offset'],
      ['/v1/articles?topic=gossip', '/topic'],
      ['/v1/articles?sort=title', '/sort'],
      ['/v1/prices?assetClass=crypto', '/assetClass'],
      [`/v1/enterprises/{acme}/reports?limit=500`, '/limit'],
    ])('answers %s with a 400 problem naming %s', async (path, pointer) => {
      const answer = await api.get(
        path.replace('{acme}', acme.enterpriseId),
        path.includes('{acme}') ? acmeToken : globexToken,
      );
      expectProblem(answer, 400, 'validation_failed');
      expect(
        (answer.body.errors as Array<{ pointer: string }>).map((error) => error.pointer),
      ).toContain(pointer);
    });

    it('accepts the bounds', async () => {
      expect((await api.get('/v1/articles?limit=1', acmeToken)).status).toBe(200);
      expect((await api.get('/v1/articles?limit=100&offset=0', acmeToken)).status).toBe(200);
    });
  });

  describe('tokens refused', () => {
    it('refuses a request without a token with a bare Bearer challenge (RFC 6750 §3.1)', async () => {
      const answer = await api.get('/v1/articles');
      expectProblem(answer, 401, 'unauthorized');
      const challenge = answer.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).not.toContain('error=');
    });

    it('refuses another authentication scheme like a missing token', async () => {
      const answer = await api.get('/v1/articles', undefined, {
        authorization: `Basic ${Buffer.from('a:b').toString('base64')}`,
      });
      expectProblem(answer, 401, 'unauthorized');
      expect(answer.headers.get('www-authenticate')).not.toContain('error=');
    });

    it('refuses a malformed Authorization header with invalid_request (RFC 6750 §3.1)', async () => {
      for (const header of ['Bearer', 'Bearer ', 'Bearer two tokens', 'Bearer t"ken']) {
        const answer = await api.get('/v1/articles', undefined, { authorization: header });
        expectProblem(answer, 400, 'invalid_request');
        expect(answer.headers.get('www-authenticate')).toContain('error="invalid_request"');
      }
    });

    it('refuses a Bearer value that is not a JWT', async () => {
      expectInvalidToken(await api.get('/v1/articles', 'not-a-jwt'), 'malformed token');
    });

    it('refuses a token for another content API (audience)', async () => {
      const other = await tokenFor(authServer, acme, { resource: OTHER_API_AUDIENCE });
      expect(claimsOf(other).aud).toBe(OTHER_API_AUDIENCE);
      expectInvalidToken(await api.get('/v1/articles', other), 'token is not for this audience');
    });

    it('refuses a token without a contract (platform access to this API)', async () => {
      const platform = await publishSystemAccount(ctx, {
        platformAccess: { audience: CONTENT_API_AUDIENCE, scopes: ['articles:read'] },
      });
      const token = await tokenFor(authServer, platform, { resource: CONTENT_API_AUDIENCE });
      expect(claimsOf(token).contract_id).toBeUndefined();
      expectInvalidToken(
        await api.get('/v1/articles', token),
        'token carries no contract; this API serves contract holders and individual users only',
      );
      expectInvalidToken(
        await api.get('/v1/me', token),
        'token carries no contract; this API serves contract holders and individual users only',
      );
    });

    it('refuses a token signed with a key the issuer does not have', async () => {
      const header = headerOf(acmeToken);
      // Same kid as the real key: the signature does not verify.
      expectInvalidToken(
        await api.get('/v1/articles', signWithOwnKey(header, claimsOf(acmeToken))),
        'invalid signature',
      );
      // A kid the issuer never published.
      expectInvalidToken(
        await api.get(
          '/v1/articles',
          signWithOwnKey({ ...header, kid: 'forged-key' }, claimsOf(acmeToken)),
        ),
        'unknown signing key',
      );
    });

    it('refuses alg none and an HMAC signature made with the public key', async () => {
      expectInvalidToken(
        await api.get('/v1/articles', unsecured(claimsOf(acmeToken))),
        'signing algorithm not accepted',
      );
      const jwks = (await (await fetch(`${authServer.url}/.well-known/jwks.json`)).json()) as {
        keys: object[];
      };
      const confused = hmacWith(
        JSON.stringify(jwks.keys[0]),
        headerOf(acmeToken),
        claimsOf(acmeToken),
      );
      expectInvalidToken(await api.get('/v1/articles', confused), 'signing algorithm not accepted');
    });

    it('refuses a JWT that is not an access token (typ)', async () => {
      for (const typ of ['JWT', undefined]) {
        const token = signWithOwnKey({ ...headerOf(acmeToken), typ }, claimsOf(acmeToken));
        expectInvalidToken(await api.get('/v1/articles', token), 'not an access token (typ)');
      }
    });

    it('refuses an expired token of the real issuer', async () => {
      // The token endpoint honours a client's own lifetime: one second.
      const shortLived = await publishSystemAccount(ctx, {
        enterpriseId: acme.enterpriseId,
        accessTokenTtlSeconds: 1,
      });
      const token = await tokenFor(authServer, shortLived, { resource: CONTENT_API_AUDIENCE });
      expect((claimsOf(token).exp as number) - (claimsOf(token).iat as number)).toBe(1);
      // The guard tolerates a few seconds of clock skew; wait until the token is past it.
      const answer = await waitFor(
        'the token to expire',
        async () => {
          const result = await api.get('/v1/articles', token);
          return result.status === 401 ? result : undefined;
        },
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      expectInvalidToken(answer, 'token expired');
    });

    it('never echoes the token in a refusal', async () => {
      const forged = signWithOwnKey(headerOf(acmeToken), claimsOf(acmeToken));
      const answer = await api.get('/v1/articles', forged);
      expect(JSON.stringify(answer.body)).not.toContain(forged);
      expect(answer.headers.get('www-authenticate')).not.toContain(forged);
    });
  });
});
