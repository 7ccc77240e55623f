import {
  ContractReactivated,
  type ContractState,
  ContractSuspended,
  ContractTerminated,
} from '@charter/events';
import {
  createTestContext,
  readStream,
  type RunningService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishRaw,
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

describe('a token already issued follows its contract', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let api: RunningContentApi;
  let contentApiId: string;

  /** A new enterprise with one contract for this API and a portal holding a token for it. */
  async function enroll(
    overrides: Partial<ContractState> = {},
  ): Promise<{ contract: ContractState; token: string }> {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({ enterpriseId: enterprise.id, contentApiId, ...overrides });
    await publishEvent(ctx, ContractCreated, contract, 1);
    const caller = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    await waitFor(
      'the content API to accept the token',
      async () => (await api.get('/v1/articles', token)).status === 200,
    );
    return { contract, token };
  }

  /** Waits until a request with the token answers with the status. */
  const answerOnceStatus = (token: string, status: number): Promise<HttpAnswer> =>
    waitFor(`a ${status} answer`, async () => {
      const answer = await api.get('/v1/articles', token);
      return answer.status === status ? answer : undefined;
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    api = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    const contentApi = buildContentApi();
    contentApiId = contentApi.id;
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
  });

  afterEach(() => {
    api.clock.reset();
  });

  afterAll(async () => {
    await api?.app.close();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('is refused once the contract is suspended, and accepted again once it is reactivated', async () => {
    const { contract, token } = await enroll();

    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    expectRefused(await answerOnceStatus(token, 401), 'contract is suspended');
    expectRefused(await api.get('/v1/me', token), 'contract is suspended');

    await publishEvent(ctx, ContractReactivated, { ...contract, status: 'active' }, 3);
    expect((await answerOnceStatus(token, 200)).body.total).toBe(8);
  });

  it('is refused once the contract is terminated', async () => {
    const { contract, token } = await enroll();
    await publishEvent(ctx, ContractTerminated, { ...contract, status: 'terminated' }, 2);
    expectRefused(await answerOnceStatus(token, 401), 'contract is terminated');
  });

  it('is refused once the validity window has ended, judged on the clock', async () => {
    const validUntil = new Date(Date.now() + 3600_000);
    const { contract, token } = await enroll({ validUntil: validUntil.toISOString() });

    api.clock.freezeAt(new Date(validUntil.getTime() - 1));
    expect((await api.get('/v1/articles', token)).status).toBe(200);
    api.clock.freezeAt(validUntil);
    expectRefused(await api.get('/v1/articles', token), 'contract has ended');
    api.clock.freezeAt(new Date(new Date(contract.validFrom).getTime() - 1));
    expectRefused(await api.get('/v1/articles', token), 'contract is not in force yet');
  });

  it('is refused once a newer event ends the validity window', async () => {
    const { contract, token } = await enroll();
    const ended = new Date(Date.now() - 60_000).toISOString();
    await publishEvent(ctx, ContractReactivated, { ...contract, validUntil: ended }, 2);
    expectRefused(await answerOnceStatus(token, 401), 'contract has ended');
  });

  it('ignores a stale event: a suspension older than the reactivation changes nothing', async () => {
    const { contract, token } = await enroll();
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    await answerOnceStatus(token, 401);
    await publishEvent(ctx, ContractReactivated, { ...contract, status: 'active' }, 3);
    await answerOnceStatus(token, 200);

    // The same suspension again (a new event id, so NATS stores it), then a later event to know it was consumed.
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    const marker = await enroll();
    expect(marker.token).not.toBe(token);
    expect((await api.get('/v1/articles', token)).status).toBe(200);
  });

  it('dead-letters an invalid event and still applies the next one', async () => {
    const { contract, token } = await enroll();
    const invalid = ContractSuspended.create({ ...contract, status: 'suspended' }, 2, {
      actor: { type: 'system', id: 'tests' },
      correlationId: 'tests',
      occurredAt: new Date(),
    });
    await publishRaw(ctx, invalid.subject, {
      ...invalid,
      data: { ...invalid.data, validFrom: 'yesterday' },
    });
    await publishEvent(ctx, ContractTerminated, { ...contract, status: 'terminated' }, 3);

    expectRefused(await answerOnceStatus(token, 401), 'contract is terminated');
    const dead = await waitFor('the dead letter', async () =>
      (await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER')).find(
        (message) =>
          message.subject === `${ctx.namespace}.deadletter.content-api-accounts` &&
          message.payload.id === invalid.id,
      ),
    );
    expect(dead.payload.type).toBe('ContractSuspended');
  });
});
