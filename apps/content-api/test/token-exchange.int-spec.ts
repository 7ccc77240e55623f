import { TOKEN_EXCHANGE_GRANT, UserCreated, UserDisabled } from '@charter/events';
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
  postTokenForm,
  startAuthServer,
  TEST_PASSWORD,
  TEST_PASSWORD_HASH,
} from './support/auth-server.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';

const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * The whole path with the real auth-server: a portal logs its enterprise user in (password
 * grant, a token for the portal's own API), exchanges that token (RFC 8693) for one to this
 * API within what the user consented to, and the content API serves it as the user with the
 * portal acting, until the user is disabled.
 */
describe('token exchange through the real authorization server', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let portal: Caller;
  let contractId: string;
  let enterpriseId: string;
  const user = buildUser({ passwordHash: TEST_PASSWORD_HASH });

  const answerOnce = (token: string, status: number): Promise<HttpAnswer> =>
    waitFor(`a ${status}`, async () => {
      const answer = await api.get('/v1/articles', token);
      return answer.status === status ? answer : undefined;
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    const enterprise = buildEnterprise();
    enterpriseId = enterprise.id;
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: contentApi.id,
      scopes: ['articles:read', 'reports:read'],
    });
    contractId = contract.id;
    await publishEvent(ctx, ContractCreated, contract, 1);
    portal = await publishSystemAccount(ctx, {
      enterpriseId: enterprise.id,
      grantTypes: ['password', TOKEN_EXCHANGE_GRANT],
    });
    Object.assign(user, { enterpriseId: enterprise.id });
    await publishEvent(ctx, UserCreated, user, 1);
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('serves the exchanged token as the user, names the portal, and refuses it once the user is disabled', async () => {
    // RFC 6749 §4.3: the user's token for the portal's own API (aud = the portal's client_id).
    const login = await waitFor('the password grant', async () => {
      const answer = await postTokenForm(authServer, portal, {
        grant_type: 'password',
        username: user.email,
        password: TEST_PASSWORD,
        scope: 'openid profile',
      });
      return answer.status === 200 ? answer : undefined;
    });
    const subjectToken = login.body.access_token as string;
    // That token is not for this API.
    const direct = await api.get('/v1/articles', subjectToken);
    expect(direct.status).toBe(401);
    expect(direct.body.detail).toBe('token is not for this audience');

    // RFC 8693 §2.1: exchanged for this API, only within the user's consent for the portal.
    const exchangeForm = {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: subjectToken,
      subject_token_type: ACCESS_TOKEN_TYPE,
      resource: CONTENT_API_AUDIENCE,
    };
    const unconsented = await postTokenForm(authServer, portal, exchangeForm);
    expect({ status: unconsented.status, error: unconsented.body.error }).toEqual({
      status: 400,
      error: 'invalid_target',
    });
    // What the authorization server's consent page records once the user allows the portal to
    // read this API for them (the auth-server's own tests drive that page).
    await queryDatabase(
      ctx.databaseUrl,
      `INSERT INTO auth.consents (user_id, client_id, resource, scopes, granted_at)
       VALUES ($1, $2, $3, $4, now())`,
      [user.id, portal.clientId, CONTENT_API_AUDIENCE, ['articles:read', 'reports:read']],
    );
    const exchange = await postTokenForm(authServer, portal, exchangeForm);
    expect(exchange.status).toBe(200);
    const token = exchange.body.access_token as string;

    expect((await answerOnce(token, 200)).body.total).toBe(8);
    expect((await api.get(`/v1/enterprises/${enterpriseId}/reports`, token)).status).toBe(200);
    expect((await api.get('/v1/me', token)).body).toMatchObject({
      subject: user.id,
      clientId: portal.clientId,
      act: { sub: portal.clientId },
      contractId,
      enterpriseId,
    });

    await publishEvent(ctx, UserDisabled, { ...user, status: 'disabled' }, 2);
    const refused = await answerOnce(token, 401);
    expect(refused.body).toMatchObject({ code: 'invalid_token', detail: 'user is not active' });
  });
});
