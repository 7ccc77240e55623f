import {
  ContractDeleted,
  type ContractState,
  ContractSuspended,
  ContractTerminated,
  type EnterpriseState,
  EnterpriseSuspended,
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
  AccessStateSync,
  AccountEventsConsumer,
  TokenRevocationsConsumer,
} from '@charter/resource-server';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  type Caller,
  CONTENT_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
} from './support/account-events.js';
import { revokeToken, startAuthServer, tokenFor } from './support/auth-server.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

/**
 * Two instances on one database and one stream: each decides from its own memory, kept by
 * its own subscription, so a change published once is refused by both; the shared durable
 * consumer still writes the projection once per event.
 */
describe('two content-api instances', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let instances: RunningContentApi[];
  let contentApiId: string;

  /** Writes to the projection by the service as a whole (both instances' durable consumers). */
  const projectionWrites = (): number =>
    instances.reduce((sum, api) => sum + api.app.get(AccountEventsConsumer).counts.applied, 0);
  const revocationWrites = (): number =>
    instances.reduce((sum, api) => sum + api.app.get(TokenRevocationsConsumer).counts.applied, 0);
  /** Events each instance applied to its own memory. */
  const memoryApplies = (): number[] =>
    instances.map((api) => api.app.get(AccessStateSync).counts.events);

  const versionOf = async (table: 'contracts' | 'enterprises', id: string): Promise<number> =>
    (
      await queryDatabase<{ version: number }>(
        ctx.databaseUrl,
        `SELECT version FROM content.${table} WHERE id = $1`,
        [id],
      )
    )[0]?.version ?? 0;

  async function enroll(): Promise<{
    enterprise: EnterpriseState;
    contract: ContractState;
    caller: Caller;
    token: string;
  }> {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({ enterpriseId: enterprise.id, contentApiId });
    await publishEvent(ctx, ContractCreated, contract, 1);
    const caller = await publishSystemAccount(ctx, { enterpriseId: enterprise.id });
    const token = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    for (const api of instances) {
      await waitFor(
        'each instance to accept the token',
        async () => (await api.get('/v1/articles', token)).status === 200,
      );
    }
    // Both durable consumers have caught up: the counts below start from a settled point.
    await waitFor('the projection to hold the contract', async () =>
      (await versionOf('contracts', contract.id)) === 1 ? true : undefined,
    );
    return { enterprise, contract, caller, token };
  }

  /**
   * Publishes once, then polls both instances until both refuse the token with `detail`. The
   * deadline is generous (a slow machine is no defect); the delay is printed here, and the
   * one-second propagation is measured by packages/faults/test/propagation.fault-spec.ts.
   */
  async function refusedByBoth(
    token: string,
    detail: string,
    publish: () => Promise<unknown>,
  ): Promise<void> {
    const started = Date.now();
    await publish();
    await waitFor(
      `both instances to refuse with "${detail}"`,
      async () => {
        const answers = await Promise.all(instances.map((api) => api.get('/v1/articles', token)));
        return answers.every((answer) => answer.status === 401 && answer.body.detail === detail);
      },
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    console.log(
      `[multi-instance] "${detail}" on both instances ${Date.now() - started} ms after publish`,
    );
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    instances = [
      await startContentApi(ctx, { AUTH_ISSUER: authServer.url }),
      await startContentApi(ctx, { AUTH_ISSUER: authServer.url }),
    ];
    const contentApi = buildContentApi();
    contentApiId = contentApi.id;
    await publishEvent(ctx, ContentApiRegistered, contentApi, 1);
  });

  afterAll(async () => {
    for (const api of instances ?? []) {
      await api.app.close();
    }
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('both refuse a suspended contract; the projection is written once', async () => {
    const { contract, token } = await enroll();
    const writes = projectionWrites();
    const applies = memoryApplies();

    await refusedByBoth(token, 'contract is suspended', () =>
      publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2),
    );

    await waitFor(
      'the projection write',
      async () => (await versionOf('contracts', contract.id)) === 2,
    );
    await waitFor('the durable consumer to count it', () => projectionWrites() === writes + 1);
    expect(memoryApplies()).toEqual(applies.map((count) => count + 1));
  });

  it('both refuse a terminated contract; the projection is written once', async () => {
    const { contract, token } = await enroll();
    const writes = projectionWrites();

    await refusedByBoth(token, 'contract is terminated', () =>
      publishEvent(ctx, ContractTerminated, { ...contract, status: 'terminated' }, 2),
    );

    await waitFor(
      'the projection write',
      async () => (await versionOf('contracts', contract.id)) === 2,
    );
    await waitFor('the durable consumer to count it', () => projectionWrites() === writes + 1);
  });

  it('both refuse a deleted contract; the projection is written once', async () => {
    const { contract, token } = await enroll();
    const writes = projectionWrites();

    await refusedByBoth(token, 'contract is deleted', () =>
      publishEvent(ctx, ContractDeleted, { ...contract, deletedAt: new Date().toISOString() }, 2),
    );

    await waitFor(
      'the projection write',
      async () => (await versionOf('contracts', contract.id)) === 2,
    );
    await waitFor('the durable consumer to count it', () => projectionWrites() === writes + 1);
  });

  it('both refuse the tokens of a suspended enterprise; the projection is written once', async () => {
    const { enterprise, token } = await enroll();
    const writes = projectionWrites();

    await refusedByBoth(token, 'enterprise is not active', () =>
      publishEvent(ctx, EnterpriseSuspended, { ...enterprise, status: 'suspended' }, 2),
    );

    await waitFor(
      'the projection write',
      async () => (await versionOf('enterprises', enterprise.id)) === 2,
    );
    await waitFor('the durable consumer to count it', () => projectionWrites() === writes + 1);
  });

  it('both refuse a token revoked at the auth-server; the revocation list is written once', async () => {
    const { caller, token } = await enroll();
    const other = await tokenFor(authServer, caller, { resource: CONTENT_API_AUDIENCE });
    const writes = revocationWrites();
    const jti = (
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as {
        jti: string;
      }
    ).jti;

    await refusedByBoth(token, 'token revoked', async () => {
      expect(await revokeToken(authServer, caller, token)).toBe(200);
    });

    await waitFor('the durable consumer to count it', () => revocationWrites() === writes + 1);
    const rows = await queryDatabase(
      ctx.databaseUrl,
      'SELECT 1 FROM content.revoked_tokens WHERE jti = $1',
      [jti],
    );
    expect(rows).toHaveLength(1);
    for (const api of instances) {
      expect((await api.get('/v1/articles', other)).status).toBe(200);
    }
  });

  it('ignores a stale event on every instance', async () => {
    const { contract, token } = await enroll();
    // Counted before version 3: an instance may refuse from a reload before its event arrives.
    const applies = memoryApplies();
    await refusedByBoth(token, 'contract is terminated', () =>
      publishEvent(ctx, ContractTerminated, { ...contract, status: 'terminated' }, 3),
    );
    // Version 2 arrives after version 3: each instance sees both and keeps version 3.
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2);
    await waitFor('both instances to see the stale event', () =>
      memoryApplies().every((count, index) => count === applies[index]! + 2),
    );
    for (const api of instances) {
      expect((await api.get('/v1/articles', token)).body.detail).toBe('contract is terminated');
    }
    expect(await versionOf('contracts', contract.id)).toBe(3);
  });

  it('a third instance started later loads the state from the projection', async () => {
    const { contract, token } = await enroll();
    await refusedByBoth(token, 'contract is suspended', () =>
      publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 2),
    );
    await waitFor(
      'the projection write',
      async () => (await versionOf('contracts', contract.id)) === 2,
    );

    const late = await startContentApi(ctx, { AUTH_ISSUER: authServer.url });
    try {
      // It subscribes after the durable consumer's floor, so the suspension comes from the load.
      const answer = await late.get('/v1/articles', token);
      expect(answer.status).toBe(401);
      expect(answer.body.detail).toBe('contract is suspended');
      expect(late.app.get(AccessStateSync).counts.loads).toBe(1);
    } finally {
      await late.app.close();
    }
  });
});
