import {
  createTestContext,
  generatedRequest,
  type OpenApiDocument,
  type Operation,
  openApiOperations,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { startAuthServer, tokenFor } from './support/auth-server.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

/**
 * Generated path parameters and query strings to every route of the content API's OpenAPI
 * document, with a valid token of a contract that covers every scope: never a 5xx, and every
 * refusal a problem document.
 */
describe('content API under generated input', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let token: string;
  let operations: Operation[];

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
    const enterprise = buildEnterprise({ name: 'Fuzz Oy' });
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({
        enterpriseId: enterprise.id,
        contentApiId: contentApi.id,
        scopes: ['articles:read', 'prices:read', 'reports:read'],
      }),
      1,
    );
    const caller = await publishSystemAccount(ctx, {
      enterpriseId: enterprise.id,
      name: 'Fuzz portal',
    });
    token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/me', token)).status === 200,
    );
    const document = await (await fetch(`${api.url}/docs/json`)).json();
    operations = openApiOperations(document as OpenApiDocument);
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('covers the documented routes', () => {
    expect(operations.map((operation) => operation.path)).toEqual(
      expect.arrayContaining(['/v1/articles', '/v1/prices']),
    );
  });

  it('answers every generated request below 500, with a problem document for each refusal', async () => {
    for (const operation of operations) {
      await fc.assert(
        fc.asyncProperty(generatedRequest(operation), async (request) => {
          const response = await fetch(`${api.url}${request.path}`, {
            method: operation.method,
            headers: {
              authorization: `Bearer ${token}`,
              ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          const text = await response.text();
          const where = `${operation.method} ${request.path.slice(0, 200)} → ${response.status} ${text.slice(0, 300)}`;
          expect(response.status, where).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type'), where).toMatch(
              /^application\/problem\+json/,
            );
          }
        }),
        { numRuns: 25, seed: 20261207 },
      );
    }
  }, 300_000);
});
