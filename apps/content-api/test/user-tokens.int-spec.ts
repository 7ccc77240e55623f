import {
  ContractDeleted,
  type ContractState,
  type EnterpriseState,
  TOKEN_EXCHANGE_GRANT,
  UserCreated,
  UserDeleted,
  UserDisabled,
  UserEnabled,
  type UserState,
} from '@charter/events';
import {
  createTestContext,
  queryDatabase,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  buildUser,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import {
  authorizationCodeToken,
  postTokenForm,
  signAsIssuer,
  startAuthServer,
  TEST_PASSWORD,
  TEST_PASSWORD_HASH,
  tokenFor,
} from './support/auth-server.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const READER_REDIRECT = 'https://reader.example.test/callback';

/**
 * Tokens whose `sub` is a user, from the real authorization server (a child process on this
 * file's database and stream), verified by the content API as any token: after token exchange
 * (`act` = the portal, the enterprise and the contract), and for individual users of a platform
 * client (authorization code; no enterprise, no contract). The few tokens the token endpoint
 * would never issue (a user it would not log in, an `act` that is no actor claim) are signed
 * with the auth-server's own key, so the issuer, key id and JWKS are the real ones.
 */
describe('user tokens', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let enterprise: EnterpriseState;
  let contract: ContractState;
  let portal: Caller;
  /** A platform client for individual readers: public, authorization code. */
  let readerApp: Caller;
  /** A platform client that calls this API as itself (client credentials, no contract). */
  let readerService: Caller;

  const expectRefused = (answer: HttpAnswer, detail: string): void => {
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 'invalid_token', detail });
    expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
  };
  const answerOnce = (path: string, token: string, status: number): Promise<HttpAnswer> =>
    waitFor(`a ${status} from ${path}`, async () => {
      const answer = await api.get(path, token);
      return answer.status === status ? answer : undefined;
    });
  const userRow = async (id: string) =>
    (
      await queryDatabase<{ status: string; deleted_at: Date | null; version: number }>(
        ctx.databaseUrl,
        'SELECT status, deleted_at, version FROM content.users WHERE id = $1',
        [id],
      )
    )[0];

  /**
   * The portal's path: the user logs in through the portal (password grant, a token for the
   * portal's own API), has consented to the portal reading this API for them, and the portal
   * exchanges the login token (RFC 8693) for one to this API: `act` names the portal.
   */
  const exchangedToken = async (user: UserState): Promise<string> => {
    const login = await waitFor(`the password grant for ${user.email}`, async () => {
      const answer = await postTokenForm(authServer, portal, {
        grant_type: 'password',
        username: user.email,
        password: TEST_PASSWORD,
      });
      return answer.status === 200 ? answer : undefined;
    });
    // What the consent page records once the user allows the portal to read this API for them.
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.consents (user_id, client_id, resource, scopes, granted_at)
       VALUES ($1, $2, $3, $4, now()) ON CONFLICT DO NOTHING`,
      [user.id, portal.clientId, CONTENT_API_AUDIENCE, ['articles:read', 'reports:read']],
    );
    const exchange = await postTokenForm(authServer, portal, {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: login.body.access_token as string,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: CONTENT_API_AUDIENCE,
    });
    expect(exchange.status, JSON.stringify(exchange.body)).toBe(200);
    return exchange.body.access_token as string;
  };

  /** An individual user's login at the platform reader app (authorization code with PKCE). */
  const individualToken = (
    user: UserState,
    scope = 'articles:read prices:read reports:read',
  ): Promise<string> =>
    waitFor(`a login of ${user.email} at the reader app`, () =>
      authorizationCodeToken(
        authServer,
        { clientId: readerApp.clientId, redirectUri: READER_REDIRECT },
        { email: user.email, password: TEST_PASSWORD },
        { scope, resource: CONTENT_API_AUDIENCE },
      ).catch(() => undefined),
    );

  /** Claims of an exchanged token, signed with the real issuer's key: for what it never issues. */
  const craftedExchangedToken = (
    user: UserState,
    claims: Record<string, unknown> = {},
  ): Promise<string> =>
    signAsIssuer(ctx, authServer, {
      sub: user.id,
      client_id: portal.clientId,
      act: { sub: portal.clientId },
      enterprise_id: enterprise.id,
      contract_id: contract.id,
      scope: 'articles:read reports:read',
      ...claims,
    });

  async function publishUser(overrides: Partial<UserState> = {}): Promise<UserState> {
    const user = buildUser({
      enterpriseId: enterprise.id,
      passwordHash: TEST_PASSWORD_HASH,
      ...overrides,
    });
    await publishEvent(ctx, UserCreated, user, 1);
    return user;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
    enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: contentApi.id,
      scopes: ['articles:read', 'reports:read'],
    });
    await publishEvent(ctx, ContractCreated, contract, 1);
    portal = await publishSystemAccount(ctx, {
      enterpriseId: enterprise.id,
      grantTypes: ['client_credentials', 'password', TOKEN_EXCHANGE_GRANT],
    });
    const platformAccess = {
      audience: CONTENT_API_AUDIENCE,
      scopes: ['articles:read', 'prices:read', 'reports:read'],
    };
    readerApp = await publishSystemAccount(ctx, {
      enterpriseId: null,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethods: ['none'],
      redirectUris: [READER_REDIRECT],
      platformAccess,
    });
    readerService = await publishSystemAccount(ctx, { enterpriseId: null, platformAccess });
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('serves an enterprise user acting through the portal, and names the actor on /v1/me', async () => {
    const user = await publishUser();
    const token = await exchangedToken(user);

    expect((await answerOnce('/v1/articles', token, 200)).body.total).toBe(8);
    expect((await api.get(`/v1/enterprises/${enterprise.id}/reports`, token)).body.total).toBe(6);
    const me = await api.get('/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      subject: user.id,
      clientId: portal.clientId,
      act: { sub: portal.clientId },
      contractId: contract.id,
      enterpriseId: enterprise.id,
      scopes: ['articles:read', 'reports:read'],
    });
  });

  it('refuses the user once disabled, again once enabled, for good once deleted', async () => {
    const user = await publishUser();
    const token = await exchangedToken(user);
    await answerOnce('/v1/articles', token, 200);

    await publishEvent(ctx, UserDisabled, { ...user, status: 'disabled' }, 2);
    expectRefused(await answerOnce('/v1/articles', token, 401), 'user is not active');
    expectRefused(await api.get('/v1/me', token), 'user is not active');

    await publishEvent(ctx, UserEnabled, { ...user, status: 'active' }, 3);
    await answerOnce('/v1/articles', token, 200);

    const deletedAt = new Date().toISOString();
    await publishEvent(ctx, UserDeleted, { ...user, deletedAt }, 4);
    expectRefused(await answerOnce('/v1/articles', token, 401), 'user is deleted');
    // A stale enable changes nothing.
    await publishEvent(ctx, UserEnabled, { ...user, status: 'active' }, 3);
    await waitFor('the projection', async () => (await userRow(user.id))?.version === 4);
    expectRefused(await api.get('/v1/articles', token), 'user is deleted');
    expect(await userRow(user.id)).toMatchObject({ status: 'active', version: 4 });
    expect((await userRow(user.id))?.deleted_at).not.toBeNull();
  });

  it('refuses an invited user, a user of another enterprise and an unknown user', async () => {
    const invited = await publishUser({ status: 'invited', passwordHash: null });
    const stranger = await publishUser({ enterpriseId: buildEnterprise().id });
    const marker = await publishUser();
    // The real token of an active user of the enterprise passes: the refusals below are the user's.
    await answerOnce('/v1/articles', await exchangedToken(marker), 200);

    expectRefused(
      await api.get('/v1/articles', await craftedExchangedToken(invited)),
      'user is not active',
    );
    expectRefused(
      await api.get('/v1/articles', await craftedExchangedToken(stranger)),
      'user does not belong to the enterprise of the token',
    );
    expectRefused(
      await api.get(
        '/v1/articles',
        await craftedExchangedToken(buildUser({ enterpriseId: enterprise.id })),
      ),
      'user is unknown',
    );
    // An enterprise user's token without the enterprise (as if individual) is not theirs.
    expectRefused(
      await api.get(
        '/v1/articles',
        await signAsIssuer(ctx, authServer, {
          sub: marker.id,
          client_id: readerApp.clientId,
          scope: 'articles:read',
        }),
      ),
      'user does not belong to the enterprise of the token',
    );
  });

  it('serves an individual user the non-enterprise data by scope, never enterprise reports', async () => {
    const user = await publishUser({ kind: 'individual', enterpriseId: null });
    const token = await individualToken(user);

    expect((await answerOnce('/v1/articles', token, 200)).body.total).toBe(8);
    expect((await api.get('/v1/prices', token)).status).toBe(200);
    for (const enterpriseId of [enterprise.id, user.id]) {
      const reports = await api.get(`/v1/enterprises/${enterpriseId}/reports`, token);
      expect(reports.status).toBe(403);
      expect(reports.body.code).toBe('enterprise_mismatch');
    }
    expect((await api.get('/v1/me', token)).body).toMatchObject({
      subject: user.id,
      clientId: readerApp.clientId,
      act: null,
      contractId: null,
      enterpriseId: null,
    });
    const articlesOnly = await individualToken(user, 'articles:read');
    const prices = await api.get('/v1/prices', articlesOnly);
    expect(prices.status).toBe(403);
    expect(prices.body.code).toBe('insufficient_scope');

    await publishEvent(ctx, UserDisabled, { ...user, status: 'disabled' }, 2);
    expectRefused(await answerOnce('/v1/articles', token, 401), 'user is not active');
  });

  it("refuses an individual user's token from a client this API does not know", async () => {
    const user = await publishUser({ kind: 'individual', enterpriseId: null });
    await answerOnce('/v1/articles', await individualToken(user), 200);
    const stranger = await signAsIssuer(ctx, authServer, {
      sub: user.id,
      client_id: 'stranger-app',
      scope: 'articles:read',
    });
    expectRefused(await api.get('/v1/articles', stranger), 'client is unknown');
  });

  it('still refuses a client token without a contract', async () => {
    // A platform client's own token for this API (client credentials, platform access): real,
    // and without a contract.
    const token = await tokenFor(authServer, readerService, {
      resource: CONTENT_API_AUDIENCE,
      scope: 'articles:read',
    });
    expectRefused(
      await api.get('/v1/articles', token),
      'token carries no contract; this API serves contract holders and individual users only',
    );
  });

  it('refuses a token whose act is not an actor claim', async () => {
    const user = await publishUser();
    await answerOnce('/v1/articles', await exchangedToken(user), 200);
    expectRefused(
      await api.get('/v1/articles', await craftedExchangedToken(user, { act: portal.clientId })),
      'token lacks required claims',
    );
  });

  it('refuses every token of a deleted contract, the user tokens too', async () => {
    const user = await publishUser();
    const userToken = await exchangedToken(user);
    const portalToken = await tokenFor(authServer, portal, {
      resource: CONTENT_API_AUDIENCE,
      scope: 'articles:read',
    });
    await answerOnce('/v1/articles', userToken, 200);
    expect((await api.get('/v1/articles', portalToken)).status).toBe(200);

    await publishEvent(
      ctx,
      ContractDeleted,
      { ...contract, deletedAt: new Date().toISOString() },
      2,
    );
    expectRefused(await answerOnce('/v1/articles', portalToken, 401), 'contract is deleted');
    expectRefused(await api.get('/v1/articles', userToken), 'contract is deleted');
    // The refusal comes from memory; the shared durable consumer writes the row on its own time.
    const row = await waitFor('the deleted contract row', async () => {
      const [current] = await queryDatabase<{ deleted_at: Date | null; version: number }>(
        ctx.databaseUrl,
        'SELECT deleted_at, version FROM content.contracts WHERE id = $1',
        [contract.id],
      );
      return current?.version === 2 ? current : undefined;
    });
    expect(row.deleted_at).not.toBeNull();
  });
});
