import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  SystemAccountCreated,
  SystemAccountDeleted,
  SystemAccountSecretRevoked,
  type SystemAccountState,
  SystemAccountUpdated,
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
  buildSystemAccount,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  CREDENTIALS_HASH_KEY,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { startAuthServer, tokenFor } from './support/auth-server.js';
import { type HttpAnswer, type RunningContentApi, startContentApi } from './support/content-api.js';

function expectRefused(answer: HttpAnswer, description: string): void {
  expect(answer.status).toBe(401);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ code: 'invalid_token', detail: description });
  expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
}

const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;

/**
 * A token already issued follows its client (ARCHITECTURE "a change that takes access away …
 * within one second"): deleting or disabling the system account, or revoking the client secret
 * that obtained the token, refuses the token at once, decided from memory like a suspension.
 * The nearest neighbour each time (another client of the same enterprise, the client's other
 * secret) keeps working, so each refusal is for the reason its title names.
 */
describe('a token already issued follows its client and the secret that obtained it', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let contentApiId: string;

  /** An enterprise with a contract for this API and two portals (system accounts) of it. */
  async function enterpriseWithTwoPortals(): Promise<{
    portal: SystemAccountState;
    portalCaller: Caller;
    neighbour: Caller;
  }> {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(
      ctx,
      ContractCreated,
      buildContract({ enterpriseId: enterprise.id, contentApiId }),
      1,
    );
    const { state: portal, secret } = buildSystemAccount({ enterpriseId: enterprise.id });
    await publishEvent(ctx, SystemAccountCreated, portal, 1);
    const neighbour = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
    return {
      portal,
      portalCaller: { clientId: portal.clientId, secret, enterpriseId: enterprise.id },
      neighbour,
    };
  }

  /** A token for the caller that the content API accepts (both projections have the client). */
  async function acceptedToken(caller: Caller): Promise<string> {
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );
    return token;
  }

  /** Waits (polling every few ms, with a deadline) until the token is refused; reports how soon. */
  async function refusedSoonAfter(token: string, since: number, what: string): Promise<HttpAnswer> {
    const answer = await waitFor(
      `the content API to refuse the token after ${what}`,
      async () => {
        const candidate = await api.get('/v1/articles', token);
        return candidate.status === 401 ? candidate : undefined;
      },
      { timeoutMs: 10_000, intervalMs: 5 },
    );
    // Reported, not asserted: speed belongs in bench/.
    process.stdout.write(`${what} → content API refusal: ${Date.now() - since} ms\n`);
    return answer;
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    contentApiId = contentApi.id;
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it("refuses the tokens of a deleted system account, not those of its enterprise's other portal", async () => {
    const { portal, portalCaller, neighbour } = await enterpriseWithTwoPortals();
    const token = await acceptedToken(portalCaller);
    const neighbourToken = await acceptedToken(neighbour);

    const deletedAt = new Date();
    await publishEvent(
      ctx,
      SystemAccountDeleted,
      { ...portal, deletedAt: deletedAt.toISOString(), updatedAt: deletedAt.toISOString() },
      2,
    );
    expectRefused(
      await refusedSoonAfter(token, deletedAt.getTime(), 'deletion'),
      'client is deleted',
    );
    expectRefused(await api.get('/v1/me', token), 'client is deleted');
    expect((await api.get('/v1/articles', neighbourToken)).status).toBe(200);
    // The durable consumer keeps the projection row too, so a restarted instance loads it.
    await waitFor('the deletion in the projection', async () => {
      const rows = await queryDatabase(
        ctx.databaseUrl,
        'SELECT deleted_at FROM content.system_accounts WHERE id = $1 AND version = 2',
        [portal.id],
      );
      return rows.length === 1 && rows[0]?.deleted_at !== null;
    });
  });

  it('refuses the tokens of a disabled system account, and accepts them again once it is enabled', async () => {
    const { portal, portalCaller, neighbour } = await enterpriseWithTwoPortals();
    const token = await acceptedToken(portalCaller);
    const neighbourToken = await acceptedToken(neighbour);

    const disabledAt = Date.now();
    await publishEvent(ctx, SystemAccountUpdated, { ...portal, status: 'disabled' }, 2);
    expectRefused(await refusedSoonAfter(token, disabledAt, 'disabling'), 'client is disabled');
    expect((await api.get('/v1/articles', neighbourToken)).status).toBe(200);

    await publishEvent(ctx, SystemAccountUpdated, { ...portal, status: 'active' }, 3);
    await waitFor(
      'the content API to accept the token again',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );
  });

  it("refuses the tokens minted with a revoked secret; tokens of the client's other secret keep working", async () => {
    const { portal, portalCaller } = await enterpriseWithTwoPortals();
    // The portal's second secret, as after a rotation whose overlap has not run out.
    const secondSecret = randomBytes(32).toString('base64url');
    const second = {
      id: randomUUID(),
      hash: createHmac('sha256', CREDENTIALS_HASH_KEY).update(secondSecret, 'utf8').digest('hex'),
      createdAt: new Date().toISOString(),
      expiresAt: null,
    };
    const [first] = portal.secrets;
    if (first === undefined) {
      throw new Error('the portal has no secret');
    }
    const rotated = { ...portal, secrets: [first, second] };
    await publishEvent(ctx, SystemAccountUpdated, rotated, 2);
    const token = await acceptedToken(portalCaller);
    const sibling = await acceptedToken({ ...portalCaller, secret: secondSecret });
    // The auth-server names the secret that authenticated the token request.
    expect(claimsOf(token).credential_id).toBe(first.id);
    expect(claimsOf(sibling).credential_id).toBe(second.id);

    const revokedAt = new Date();
    await publishEvent(
      ctx,
      SystemAccountSecretRevoked,
      { ...rotated, secrets: [{ ...first, expiresAt: revokedAt.toISOString() }, second] },
      3,
    );
    expectRefused(
      await refusedSoonAfter(token, revokedAt.getTime(), 'secret revocation'),
      'the client credential that obtained this token is revoked',
    );
    expect((await api.get('/v1/articles', sibling)).status).toBe(200);
  });

  it('refuses a token whose credential_id names a secret the client no longer has (replaced)', async () => {
    const { portal, portalCaller } = await enterpriseWithTwoPortals();
    const token = await acceptedToken(portalCaller);
    // A reset replaces every secret: the old one is gone from the account's state.
    const replacement = {
      id: randomUUID(),
      hash: createHmac('sha256', CREDENTIALS_HASH_KEY).update('x'.repeat(43), 'utf8').digest('hex'),
      createdAt: new Date().toISOString(),
      expiresAt: null,
    };
    await publishEvent(ctx, SystemAccountUpdated, { ...portal, secrets: [replacement] }, 2);
    expectRefused(
      await refusedSoonAfter(token, Date.now(), 'secret replacement'),
      'the client credential that obtained this token is revoked',
    );
  });
});
