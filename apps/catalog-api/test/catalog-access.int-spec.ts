import { ContractSuspended, type ContractState } from '@charter/events';
import {
  createTestContext,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningApi, startCatalogApi } from './support/catalog-api.js';
import {
  buildCatalogApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CATALOG_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
  startAuthServer,
  tokenFor,
} from './support/fixtures.js';

/**
 * The catalog API is written with nothing but @charter/resource-server: these tests prove the
 * package brings the token checks, the contract rule, dataset coverage and the rate limit to an
 * API that declares only its scopes and datasets. Two instances on one database and stream.
 */
describe('catalog API: contract enforcement from the package', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let instances: Array<RunningApi & { app: Awaited<ReturnType<typeof startCatalogApi>>['app'] }>;
  let catalogApiId: string;

  /** An enterprise, its contract for the catalog API with `terms`, and a portal's token. */
  async function enroll(
    terms: Partial<ContractState> = {},
    scope?: string,
  ): Promise<{ contract: ContractState; caller: Caller; token: string }> {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: catalogApiId,
      ...terms,
    });
    await publishEvent(ctx, ContractCreated, contract, 1);
    const caller = await publishSystemAccount(ctx, enterprise.id);
    const token = await tokenFor(authServer, caller, CATALOG_API_AUDIENCE, scope);
    for (const api of instances) {
      await waitFor('the instance to know the contract', async () => {
        const answer = await api.get('/v1/ratings?limit=1', token);
        return answer.status !== 401 && answer.status !== 503;
      });
    }
    return { contract, caller, token };
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    instances = [
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url }),
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url }),
    ];
    const catalogApi = buildCatalogApi();
    catalogApiId = catalogApi.id;
    await publishEvent(ctx, ContentApiRegistered, catalogApi, 1);
  });

  afterAll(async () => {
    for (const api of instances ?? []) {
      await api.close();
    }
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('serves a contract holder on every instance', async () => {
    const { token } = await enroll();
    for (const api of instances) {
      const instruments = await api.get('/v1/instruments?kind=bond', token);
      expect(instruments.status).toBe(200);
      expect(instruments.body).toMatchObject({ total: 2, limit: 20, offset: 0 });
      const one = await api.get('/v1/instruments/FI0009000681', token);
      expect(one.body).toMatchObject({ isin: 'FI0009000681', name: 'Nokia Oyj' });
      expect((await api.get('/v1/ratings', token)).body).toMatchObject({ total: 5 });
    }
  });

  it('refuses a request without a token with an RFC 6750 challenge', async () => {
    const answer = await instances[0]!.get('/v1/instruments');
    expect(answer.status).toBe(401);
    // RFC 6750 §3 and RFC 9449 §7.1: either scheme is offered.
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="charter", DPoP algs="/);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses a route whose dataset the contract does not cover, and serves the one it does', async () => {
    const { token } = await enroll({ datasets: ['ratings'] });
    const refused = await instances[0]!.get('/v1/instruments', token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'dataset_not_covered', status: 403 });
    // The same token, the neighbouring route of the covered dataset.
    expect((await instances[0]!.get('/v1/ratings', token)).status).toBe(200);
  });

  it('refuses a token without the route’s scope (insufficient_scope)', async () => {
    const { token } = await enroll({}, 'ratings:read');
    const refused = await instances[1]!.get('/v1/instruments', token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'insufficient_scope' });
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
    expect((await instances[1]!.get('/v1/ratings', token)).status).toBe(200);
  });

  it("limits the contract's requests per minute, counting only requests let in", async () => {
    const { token } = await enroll({ rateLimit: { requestsPerMinute: 3 } });
    const api = instances[0]!;
    // Refused before the limit (bad token): not counted.
    expect((await api.get('/v1/ratings', `${token}x`)).status).toBe(401);
    // enroll() spent one request on each instance already.
    const served = await api.get('/v1/ratings', token);
    expect(served.status).toBe(200);
    expect(served.headers.get('ratelimit-limit')).toBe('3');
    expect(served.headers.get('ratelimit-remaining')).toBe('1');
    expect((await api.get('/v1/ratings', token)).status).toBe(200);
    const limited = await api.get('/v1/ratings', token);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('refuses a suspended contract on every instance', async () => {
    const { contract, token } = await enroll();
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    for (const api of instances) {
      await waitFor('the suspension', async () => {
        const answer = await api.get('/v1/instruments', token);
        return answer.status === 401 && answer.body.detail === 'contract is suspended';
      });
    }
  });

  it('has its access state in its own schema, migrated from the package', async () => {
    const dataSource = instances[0]!.app.get(DataSource);
    expect(dataSource.driver.schema).toBe('catalog');
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('answers health and serves its OpenAPI document without a token', async () => {
    const api = instances[0]!;
    const ready = await api.get('/health/ready');
    expect(ready.status).toBe(200);
    // Readiness covers the access state too: down while every request would be a 503.
    expect(ready.body.info).toMatchObject({
      database: { status: 'up' },
      nats: { status: 'up' },
      'access state': { status: 'up' },
    });
    const docs = await api.get('/docs/json');
    expect(Object.keys(docs.body.paths as object).sort()).toEqual([
      '/v1/instruments',
      '/v1/instruments/{isin}',
      '/v1/ratings',
    ]);
  });
});
