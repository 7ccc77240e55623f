import { EnterpriseSuspended, type EnterpriseState } from '@charter/events';
import {
  createTestContext,
  freePort,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFrom, type RunningApi, startCatalogApi } from './support/catalog-api.js';
import {
  buildCatalogApi,
  buildContentApi,
  buildContract,
  buildEnterprise,
  CATALOG_API_AUDIENCE,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
  startAuthServer,
  tokenFor,
} from './support/fixtures.js';

/**
 * Two APIs of one provider, run by different teams, both enforcing through the package: the
 * content API (its own build, as a child process) and two catalog API instances. One enterprise
 * buys both (a contract per API); its portal reads each with a token for that API, never with
 * the other's; suspending the enterprise stops both.
 */
describe('the content API and the catalog API, side by side', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let contentApi: RunningService;
  let catalogs: RunningApi[];
  let enterprise: EnterpriseState;
  let contentToken: string;
  let catalogToken: string;

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    contentApi = await startService('content-api', await freePort(), {
      ...ctx.env,
      AUTH_ISSUER: authServer.url,
    });
    catalogs = [
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url }),
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url }),
    ];
    const content = buildContentApi();
    const catalog = buildCatalogApi();
    await publishEvent(ctx, ContentApiRegistered, content, 1);
    await publishEvent(ctx, ContentApiRegistered, catalog, 1);
    enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({
        enterpriseId: enterprise.id,
        contentApiId: content.id,
        resourceIndicator: CONTENT_API_AUDIENCE,
        scopes: ['articles:read'],
      }),
      1,
    );
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({ enterpriseId: enterprise.id, contentApiId: catalog.id }),
      1,
    );
    const portal = await publishSystemAccount(ctx, enterprise.id);
    contentToken = await tokenFor(authServer, portal, CONTENT_API_AUDIENCE);
    catalogToken = await tokenFor(authServer, portal, CATALOG_API_AUDIENCE);
    await waitFor('the content API to serve', async () => {
      return (await getFrom(contentApi.url, '/v1/articles', contentToken)).status === 200;
    });
    for (const catalog of catalogs) {
      await waitFor('each catalog instance to serve', async () => {
        return (await catalog.get('/v1/instruments', catalogToken)).status === 200;
      });
    }
  });

  afterAll(async () => {
    for (const catalog of catalogs ?? []) {
      await catalog.close();
    }
    await contentApi?.stop();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it("refuses each API's token at the other API", async () => {
    const atCatalog = await catalogs[0]!.get('/v1/instruments', contentToken);
    expect(atCatalog.status).toBe(401);
    expect(atCatalog.body.detail).toBe('token is not for this audience');
    const atContent = await getFrom(contentApi.url, '/v1/articles', catalogToken);
    expect(atContent.status).toBe(401);
    expect(atContent.body.detail).toBe('token is not for this audience');
  });

  it('stops both APIs, every instance, within a second of the enterprise suspension', async () => {
    const started = Date.now();
    await publishEvent(ctx, EnterpriseSuspended, { ...enterprise, status: 'suspended' }, 2);
    await waitFor(
      'the content API and both catalog instances to refuse',
      async () => {
        const answers = await Promise.all([
          getFrom(contentApi.url, '/v1/articles', contentToken),
          ...catalogs.map((catalog) => catalog.get('/v1/ratings', catalogToken)),
        ]);
        return answers.every(
          (answer) => answer.status === 401 && answer.body.detail === 'enterprise is not active',
        );
      },
      { timeoutMs: 1_000, intervalMs: 10 },
    );
    console.log(
      `[two-apis] enterprise suspension on all three ${Date.now() - started} ms after publish`,
    );
  });
});
