import { createTestContext, type TestContext } from '@charter/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishScenario, publishUser, settle } from './support/account-events.js';
import { postToken, type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const ACCOUNTS = 'http://accounts.example.test';

/**
 * Defence in depth: the account service refuses a content API or contract that takes its
 * audience or an `accounts:*` scope, but should one reach the projection anyway (old data,
 * a bug), no contract token for that audience or with such a scope is issued from it.
 */
describe("the account service's audience and accounts:* scopes are never a contract's", () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx, { ACCOUNT_SERVICE_AUDIENCE: ACCOUNTS });
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it("client_credentials: a contract for the account service's audience gives no token", async () => {
    const lookalike = await publishScenario(ctx, {
      contentApi: {
        resourceIndicator: ACCOUNTS,
        scopes: [{ name: 'accounts:admin', description: 'Administer the platform' }],
      },
      contract: { scopes: ['accounts:admin'] },
    });
    await settle(ctx, server.url);
    const basic = { clientId: lookalike.client.clientId, secret: lookalike.secret };
    const forms: Array<Record<string, string>> = [
      { resource: ACCOUNTS },
      { resource: `${ACCOUNTS}/` },
      {},
    ];
    for (const form of forms) {
      const call = await postToken(
        server.url,
        { grant_type: 'client_credentials', ...form },
        { basic },
      );
      expect(call.status).toBe(400);
      expect(call.body).not.toHaveProperty('access_token');
    }
  });

  it('client_credentials: accounts:* scopes of a content API contract are left out', async () => {
    const mixed = await publishScenario(ctx, {
      contentApi: {
        scopes: [
          { name: 'articles:read', description: 'Read articles' },
          { name: 'accounts:admin', description: 'Administer the platform' },
        ],
      },
      contract: { scopes: ['articles:read', 'accounts:admin'] },
    });
    await settle(ctx, server.url);
    const basic = { clientId: mixed.client.clientId, secret: mixed.secret };
    const call = await postToken(server.url, { grant_type: 'client_credentials' }, { basic });
    expect(call.status).toBe(200);
    expect(call.body.scope).toBe('articles:read');
    expect(decodeJwt(call.body.access_token as string).scope).toBe('articles:read');
    const asked = await postToken(
      server.url,
      { grant_type: 'client_credentials', scope: 'accounts:admin' },
      { basic },
    );
    expect(asked.status).toBe(400);
    expect(asked.body.error).toBe('invalid_scope');
  });

  it('password grant: a user token through the contract carries no accounts:* scope either', async () => {
    const mixed = await publishScenario(ctx, {
      client: { grantTypes: ['client_credentials', 'password'] },
      contentApi: {
        scopes: [
          { name: 'articles:read', description: 'Read articles' },
          { name: 'accounts:admin', description: 'Administer the platform' },
        ],
      },
      contract: { scopes: ['articles:read', 'accounts:admin'] },
    });
    const user = await publishUser(ctx, { enterpriseId: mixed.enterprise.id });
    await settle(ctx, server.url);
    const call = await postToken(
      server.url,
      {
        grant_type: 'password',
        username: user.state.email,
        password: user.password,
        resource: mixed.contentApi.resourceIndicator,
      },
      { basic: { clientId: mixed.client.clientId, secret: mixed.secret } },
    );
    expect(call.status).toBe(200);
    expect(decodeJwt(call.body.access_token as string).scope).toBe('articles:read');
  });
});
