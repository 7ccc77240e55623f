import {
  ContractDeleted,
  type ContractState,
  type EnterpriseState,
  UserCreated,
  UserDeleted,
  UserDisabled,
  UserEnabled,
  type UserState,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContract,
  buildEnterprise,
  buildUser,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';
import { startTestIssuer, type TestIssuer } from './support/test-issuer.js';

const PORTAL = 'portal-acme';

/**
 * Tokens whose `sub` is a user, signed for real (ES256, served as a JWKS) and verified by the
 * content API as any token: after token exchange (`act` = the portal, the enterprise and the
 * contract), and for individual users of a platform client (no enterprise, no contract).
 */
describe('user tokens', () => {
  let ctx: TestContext;
  let issuer: TestIssuer;
  let api: RunningContentApi;
  let enterprise: EnterpriseState;
  let contract: ContractState;

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

  /** A token after token exchange: the user as subject, the portal acting. */
  const exchangedToken = (user: UserState, claims: Record<string, unknown> = {}): string =>
    issuer.token({
      sub: user.id,
      client_id: PORTAL,
      act: { sub: PORTAL },
      enterprise_id: enterprise.id,
      contract_id: contract.id,
      scope: 'articles:read reports:read',
      ...claims,
    });
  const individualToken = (user: UserState, scope = 'articles:read prices:read reports:read') =>
    issuer.token({ sub: user.id, client_id: 'reader-app', scope });

  async function publishUser(overrides: Partial<UserState> = {}): Promise<UserState> {
    const user = buildUser({ enterpriseId: enterprise.id, ...overrides });
    await publishEvent(ctx, UserCreated, user, 1);
    return user;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    issuer = await startTestIssuer();
    api = await startContentApi(ctx, { AUTH_ISSUER: issuer.url });
    enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      scopes: ['articles:read', 'reports:read'],
    });
    await publishEvent(ctx, ContractCreated, contract, 1);
    // The clients these tokens name: a token is accepted only while its client is (the portal
    // of the enterprise, and a platform client for individual readers).
    await publishSystemAccount(ctx, { clientId: PORTAL, enterpriseId: enterprise.id });
    await publishSystemAccount(ctx, { clientId: 'reader-app', enterpriseId: null });
  });

  afterAll(async () => {
    await api?.app.close();
    await issuer?.stop();
    await ctx?.cleanup();
  });

  it('serves an enterprise user acting through the portal, and names the actor on /v1/me', async () => {
    const user = await publishUser();
    const token = exchangedToken(user);

    expect((await answerOnce('/v1/articles', token, 200)).body.total).toBe(8);
    expect((await api.get(`/v1/enterprises/${enterprise.id}/reports`, token)).body.total).toBe(6);
    const me = await api.get('/v1/me', token);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      subject: user.id,
      clientId: PORTAL,
      act: { sub: PORTAL },
      contractId: contract.id,
      enterpriseId: enterprise.id,
      scopes: ['articles:read', 'reports:read'],
    });
  });

  it('refuses the user once disabled, again once enabled, for good once deleted', async () => {
    const user = await publishUser();
    const token = exchangedToken(user);
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
    const invited = await publishUser({ status: 'invited' });
    const stranger = await publishUser({ enterpriseId: buildEnterprise().id });
    const marker = await publishUser();
    await answerOnce('/v1/articles', exchangedToken(marker), 200);

    expectRefused(await api.get('/v1/articles', exchangedToken(invited)), 'user is not active');
    expectRefused(
      await api.get('/v1/articles', exchangedToken(stranger)),
      'user does not belong to the enterprise of the token',
    );
    expectRefused(
      await api.get('/v1/articles', exchangedToken(buildUser({ enterpriseId: enterprise.id }))),
      'user is unknown',
    );
    // An enterprise user's token without the enterprise (as if individual) is not theirs.
    expectRefused(
      await api.get('/v1/articles', individualToken(marker)),
      'user does not belong to the enterprise of the token',
    );
  });

  it('serves an individual user the non-enterprise data by scope, never enterprise reports', async () => {
    const user = await publishUser({ kind: 'individual', enterpriseId: null });
    const token = individualToken(user);

    expect((await answerOnce('/v1/articles', token, 200)).body.total).toBe(8);
    expect((await api.get('/v1/prices', token)).status).toBe(200);
    for (const enterpriseId of [enterprise.id, user.id]) {
      const reports = await api.get(`/v1/enterprises/${enterpriseId}/reports`, token);
      expect(reports.status).toBe(403);
      expect(reports.body.code).toBe('enterprise_mismatch');
    }
    expect((await api.get('/v1/me', token)).body).toMatchObject({
      subject: user.id,
      clientId: 'reader-app',
      act: null,
      contractId: null,
      enterpriseId: null,
    });
    const articlesOnly = individualToken(user, 'articles:read');
    const prices = await api.get('/v1/prices', articlesOnly);
    expect(prices.status).toBe(403);
    expect(prices.body.code).toBe('insufficient_scope');

    await publishEvent(ctx, UserDisabled, { ...user, status: 'disabled' }, 2);
    expectRefused(await answerOnce('/v1/articles', token, 401), 'user is not active');
  });

  it("refuses an individual user's token from a client this API does not know", async () => {
    const user = await publishUser({ kind: 'individual', enterpriseId: null });
    await answerOnce('/v1/articles', individualToken(user), 200);
    const stranger = issuer.token({
      sub: user.id,
      client_id: 'stranger-app',
      scope: 'articles:read',
    });
    expectRefused(await api.get('/v1/articles', stranger), 'client is unknown');
  });

  it('still refuses a client token without a contract', async () => {
    const token = issuer.token({
      sub: 'reader-app',
      client_id: 'reader-app',
      scope: 'articles:read',
    });
    expectRefused(
      await api.get('/v1/articles', token),
      'token carries no contract; this API serves contract holders and individual users only',
    );
  });

  it('refuses a token whose act is not an actor claim', async () => {
    const user = await publishUser();
    await answerOnce('/v1/articles', exchangedToken(user), 200);
    expectRefused(
      await api.get('/v1/articles', exchangedToken(user, { act: PORTAL })),
      'token lacks required claims',
    );
  });

  it('refuses every token of a deleted contract, the user tokens too', async () => {
    const user = await publishUser();
    const userToken = exchangedToken(user);
    const portalToken = issuer.token({
      sub: PORTAL,
      client_id: PORTAL,
      enterprise_id: enterprise.id,
      contract_id: contract.id,
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
