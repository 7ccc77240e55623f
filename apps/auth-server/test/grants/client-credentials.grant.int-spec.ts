import { randomUUID } from 'node:crypto';
import {
  ContentApiRegistered,
  ContractCreated,
  ContractReactivated,
  ContractSuspended,
  ContractTerminated,
  SystemAccountCreated,
} from '@charter/events';
import { createTestContext, type TestContext, waitFor } from '@charter/testing';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildSystemAccount,
  publishEvent,
  publishScenario,
  type Scenario,
  settle,
} from '../support/account-events.js';
import {
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from '../support/auth-server.js';

const ISSUER = 'http://auth.example.test';
const ARTICLES = 'https://articles.example.test';
const REPORTS = 'https://reports.example.test';

describe('client_credentials grant (RFC 6749 §4.4, RFC 8707, RFC 9068)', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  const token = (
    scenario: Pick<Scenario, 'client' | 'secret'>,
    form: Record<string, string | string[]> = {},
  ): Promise<TokenCall> =>
    postToken(
      server.url,
      { grant_type: 'client_credentials', ...form },
      { basic: { clientId: scenario.client.clientId, secret: scenario.secret } },
    );

  /** Waits until the projection has the scenario: its client gets a token for the articles API. */
  const whenReady = (
    scenario: Scenario,
    form: Record<string, string> = { resource: scenario.contract.resourceIndicator },
  ): Promise<TokenCall> =>
    waitFor('the projection to have the scenario', async () => {
      const call = await token(scenario, form);
      return call.status === 200 ? call : undefined;
    });

  const expectError = (call: TokenCall, status: number, error: string): void => {
    expect({ status: call.status, error: call.body.error }).toEqual({ status, error });
    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(typeof call.body.error_description).toBe('string');
    expect(call.body).not.toHaveProperty('access_token');
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { AUTH_ISSUER: ISSUER, TOKEN_ACCESS_TTL: '900' });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('issues an RFC 9068 access token that verifies against the served JWKS', async () => {
    const scenario = await publishScenario(ctx);
    const call = await whenReady(scenario);

    expect(call.headers.get('cache-control')).toBe('no-store');
    expect(call.headers.get('pragma')).toBe('no-cache');
    expect(call.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
      scope: 'articles:read articles:search',
    });
    const accessToken = call.body.access_token as string;
    const header = decodeProtectedHeader(accessToken);
    expect(header).toEqual({ alg: 'ES256', typ: 'at+jwt', kid: expect.any(String) });

    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(accessToken, jwks, {
      issuer: ISSUER,
      audience: ARTICLES,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toEqual({
      iss: ISSUER,
      sub: scenario.client.clientId,
      aud: ARTICLES,
      client_id: scenario.client.clientId,
      scope: 'articles:read articles:search',
      jti: expect.any(String),
      iat: expect.any(Number),
      exp: (payload.iat as number) + 900,
      enterprise_id: scenario.enterprise.id,
      contract_id: scenario.contract.id,
      // The secret the client authenticated with, so that revoking it takes this token along.
      credential_id: scenario.client.secrets[0]?.id,
    });
  });

  it('gives each token its own jti', async () => {
    const scenario = await publishScenario(ctx);
    const first = await whenReady(scenario);
    const second = await token(scenario, { resource: ARTICLES });
    const jti = (call: TokenCall): unknown =>
      JSON.parse(
        Buffer.from((call.body.access_token as string).split('.')[1]!, 'base64url').toString(),
      ).jti;
    expect(jti(first)).not.toEqual(jti(second));
  });

  it('without resource uses the only resource the client has', async () => {
    const scenario = await publishScenario(ctx);
    const call = await whenReady(scenario, {});
    expect(call.body.scope).toBe('articles:read articles:search');
  });

  it('narrows away a scope the API defines but the contract does not cover, and says so', async () => {
    // The articles API defines articles:read and articles:search; this contract covers the first.
    const scenario = await publishScenario(ctx, { contract: { scopes: ['articles:read'] } });
    await whenReady(scenario);
    const call = await token(scenario, {
      scope: 'articles:read articles:search',
      resource: ARTICLES,
    });
    expect(call.status).toBe(200);
    expect(call.body.scope).toBe('articles:read');
    const claims = JSON.parse(
      Buffer.from((call.body.access_token as string).split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.scope).toBe('articles:read');
  });

  it('invalid_scope (RFC 6749 §5.2 "unknown"): a scope the API does not define, even beside a good one', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    for (const form of <Array<Record<string, string>>>[
      { scope: 'articles:read articles:raed', resource: ARTICLES },
      { scope: 'articles:read unknown:scope' },
    ]) {
      const call = await token(scenario, form);
      expectError(call, 400, 'invalid_scope');
      expect(call.body.error_description).toMatch(/^unknown scope: /);
    }
    // OIDC scopes are known: asked here, they are narrowed away, not refused.
    expect((await token(scenario, { scope: 'articles:read openid' })).body.scope).toBe(
      'articles:read',
    );
  });

  it('refuses a scope nothing grants with invalid_scope', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    expectError(await token(scenario, { scope: 'reports:read' }), 400, 'invalid_scope');
  });

  it('refuses a malformed scope with invalid_scope', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    expectError(await token(scenario, { scope: 'articles:read "quoted"' }), 400, 'invalid_scope');
  });

  it('refuses a resource the client has no contract for with invalid_target', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    expectError(
      await token(scenario, { resource: 'https://unknown.example.test' }),
      400,
      'invalid_target',
    );
  });

  it('refuses a resource that is not an absolute URI, or several resources, with invalid_target', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    expectError(await token(scenario, { resource: 'articles' }), 400, 'invalid_target');
    expectError(await token(scenario, { resource: `${ARTICLES}#fragment` }), 400, 'invalid_target');
    expectError(await token(scenario, { resource: [ARTICLES, REPORTS] }), 400, 'invalid_target');
  });

  describe('with contracts for two resources', () => {
    let scenario: Scenario;

    beforeAll(async () => {
      scenario = await publishScenario(ctx);
      const reports = buildContentApi({
        resourceIndicator: REPORTS,
        scopes: [{ name: 'reports:read', description: 'Read reports' }],
      });
      await publishEvent(ctx, ContentApiRegistered, reports, 1);
      await publishEvent(
        ctx,
        ContractCreated,
        buildContract({
          enterpriseId: scenario.enterprise.id,
          contentApiId: reports.id,
          resourceIndicator: REPORTS,
          scopes: ['reports:read'],
        }),
        1,
      );
      await whenReady(scenario, { resource: REPORTS });
    });

    it('selects the contract by resource', async () => {
      const call = await token(scenario, { resource: REPORTS });
      expect(call.status).toBe(200);
      expect(call.body.scope).toBe('reports:read');
    });

    it('selects the only resource whose contract grants the requested scope', async () => {
      const call = await token(scenario, { scope: 'reports:read' });
      expect(call.status).toBe(200);
      const claims = JSON.parse(
        Buffer.from((call.body.access_token as string).split('.')[1]!, 'base64url').toString(),
      );
      expect(claims.aud).toBe(REPORTS);
    });

    it('asks for resource when several resources match', async () => {
      const call = await token(scenario);
      expectError(call, 400, 'invalid_request');
      expect(call.body.error_description).toBe('several resources match; pass resource');
    });
  });

  it('refuses a suspended contract, and issues again once it is reactivated', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);

    await publishEvent(ctx, ContractSuspended, { ...scenario.contract, status: 'suspended' }, 2);
    const refused = await waitFor('the suspension to apply', async () => {
      const call = await token(scenario, { resource: ARTICLES });
      return call.status === 400 ? call : undefined;
    });
    expectError(refused, 400, 'unauthorized_client');
    expect(refused.body.error_description).toBe('no contract in force for this resource');
    expectError(await token(scenario), 400, 'unauthorized_client');

    await publishEvent(ctx, ContractReactivated, { ...scenario.contract, status: 'active' }, 3);
    await whenReady(scenario);
  });

  it('refuses a terminated contract', async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    await publishEvent(ctx, ContractTerminated, { ...scenario.contract, status: 'terminated' }, 2);
    const refused = await waitFor('the termination to apply', async () => {
      const call = await token(scenario, { resource: ARTICLES });
      return call.status === 400 ? call : undefined;
    });
    expectError(refused, 400, 'unauthorized_client');
  });

  it('refuses a contract whose validity window has ended or not begun', async () => {
    const ended = await publishScenario(ctx, {
      contract: {
        validFrom: new Date(Date.now() - 10 * 86_400_000).toISOString(),
        validUntil: new Date(Date.now() - 86_400_000).toISOString(),
      },
    });
    const future = await publishScenario(ctx, {
      contract: { validFrom: new Date(Date.now() + 86_400_000).toISOString() },
    });
    // Until the projection has the client the answer is invalid_client; then the grant's refusal.
    for (const scenario of [ended, future]) {
      const refused = await waitFor('the projection to have the scenario', async () => {
        const call = await token(scenario, { resource: ARTICLES });
        return call.status === 400 ? call : undefined;
      });
      expectError(refused, 400, 'unauthorized_client');
      expect(refused.body.error_description).toBe('no contract in force for this resource');
      expectError(await token(scenario), 400, 'unauthorized_client');
      expect((await token(scenario)).body.error_description).toBe('no contract in force');
    }
  });

  it('never lets a token outlive its contract', async () => {
    const validUntil = new Date(Date.now() + 120_000);
    const scenario = await publishScenario(ctx, {
      contract: { validUntil: validUntil.toISOString() },
    });
    const call = await whenReady(scenario);
    const claims = JSON.parse(
      Buffer.from((call.body.access_token as string).split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(validUntil.getTime() / 1000));
    expect(call.body.expires_in).toBe(claims.exp - claims.iat);
  });

  it("uses the client's own token lifetime when it has one", async () => {
    const scenario = await publishScenario(ctx, { client: { accessTokenTtlSeconds: 120 } });
    const call = await whenReady(scenario);
    expect(call.body.expires_in).toBe(120);
  });

  it('issues platform access without a contract (no enterprise or contract claims)', async () => {
    const { state: client, secret } = buildSystemAccount({
      platformAccess: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
    });
    await publishEvent(ctx, SystemAccountCreated, client, 1);
    const call = await waitFor('the platform client', async () => {
      const result = await token({ client, secret });
      return result.status === 200 ? result : undefined;
    });
    expect(call.body.scope).toBe('accounts:admin');
    const claims = JSON.parse(
      Buffer.from((call.body.access_token as string).split('.')[1]!, 'base64url').toString(),
    );
    expect(claims.aud).toBe('http://localhost:3001');
    expect(claims).not.toHaveProperty('enterprise_id');
    expect(claims).not.toHaveProperty('contract_id');
  });

  it('refuses a client with no contract and no platform access with unauthorized_client', async () => {
    const { state: client, secret } = buildSystemAccount();
    await publishEvent(ctx, SystemAccountCreated, client, 1);
    const call = await waitFor('the client', async () => {
      const result = await token({ client, secret });
      return result.status === 400 ? result : undefined;
    });
    expectError(call, 400, 'unauthorized_client');
    expect(call.body.error_description).toBe('no contract in force');
  });

  it("ignores another enterprise's contracts", async () => {
    const scenario = await publishScenario(ctx);
    await whenReady(scenario);
    const other = buildContract({
      enterpriseId: randomUUID(),
      resourceIndicator: REPORTS,
      scopes: ['reports:read'],
    });
    await publishEvent(ctx, ContractCreated, other, 1);
    await settle(ctx, server.url);
    expectError(await token(scenario, { resource: REPORTS }), 400, 'invalid_target');
  });
});
