import {
  ACCOUNTS_STREAM,
  EnterpriseSuspended,
  NatsConnection,
  SystemAccountDeleted,
  SystemAccountSecretRevoked,
  SystemAccountSecretRotated,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_EVENTS_DURABLE,
  AccountEventsConsumer,
} from '../src/projection/account-events.consumer.js';
import { AccountStateSync } from '../src/projection/account-state.sync.js';
import { ProjectionSnapshotRepository } from '../src/projection/projection-snapshot.repository.js';
import {
  newSecret,
  publishEvent,
  publishScenario,
  type Scenario,
  secretHash,
} from './support/account-events.js';
import {
  postToken,
  type RunningAuthServer,
  startAuthServer,
  type TokenCall,
} from './support/auth-server.js';

/**
 * Two auth-server instances on one database and one stream: each decides a token request from
 * its own memory, kept by its own subscription (no projection read per request), so a change
 * published once is refused by both; the shared durable consumer still writes the projection
 * once per event.
 */
describe('two auth-server instances', () => {
  let ctx: TestContext;
  let instances: RunningAuthServer[];

  const projectionWrites = (): number =>
    instances.reduce(
      (sum, server) => sum + server.app.get(AccountEventsConsumer).counts.applied,
      0,
    );
  const memoryApplies = (): number[] =>
    instances.map((server) => server.app.get(AccountStateSync).counts.events);
  const versionOf = async (table: 'clients' | 'enterprises', id: string): Promise<number> =>
    (
      await queryDatabase<{ version: number }>(
        ctx.databaseUrl,
        `SELECT version FROM auth.${table} WHERE id = $1`,
        [id],
      )
    )[0]?.version ?? 0;

  const token = (
    server: RunningAuthServer,
    scenario: Pick<Scenario, 'client' | 'contract'>,
    secret: string,
  ): Promise<TokenCall> =>
    postToken(
      server.url,
      { grant_type: 'client_credentials', resource: scenario.contract.resourceIndicator },
      { basic: { clientId: scenario.client.clientId, secret } },
    );

  /** A scenario both instances serve, with the projection written: counts start from a settled point. */
  async function enroll(): Promise<Scenario> {
    const scenario = await publishScenario(ctx);
    for (const server of instances) {
      await waitFor(
        'each instance to issue a token',
        async () => (await token(server, scenario, scenario.secret)).status === 200,
      );
    }
    await waitFor('the projection to hold the client', async () =>
      (await versionOf('clients', scenario.client.id)) === 1 ? true : undefined,
    );
    await durableIdle();
    return scenario;
  }

  /** The shared durable consumer has acknowledged everything published so far. */
  const durableIdle = (): Promise<boolean> =>
    waitFor('the durable consumer to be idle', async () => {
      const nats = instances[0]!.app.get(NatsConnection);
      const info = await nats.jetstreamManager.consumers.info(
        nats.namespace.stream(ACCOUNTS_STREAM.name),
        ACCOUNT_EVENTS_DURABLE,
      );
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });

  /**
   * Publishes once, then asks both instances until both refuse with `invalid_client`. The
   * deadline is generous (a slow machine is no defect); the delay is printed here, and the
   * one-second propagation is measured by packages/faults/test/propagation.fault-spec.ts.
   */
  async function refusedByBoth(
    what: string,
    call: (server: RunningAuthServer) => Promise<TokenCall>,
    publish: () => Promise<unknown>,
  ): Promise<void> {
    const started = Date.now();
    await publish();
    await waitFor(
      `both instances to refuse after ${what}`,
      async () => {
        const answers = await Promise.all(instances.map(call));
        return answers.every(
          (answer) => answer.status === 401 && answer.body.error === 'invalid_client',
        );
      },
      { timeoutMs: 20_000, intervalMs: 10 },
    );
    console.log(
      `[multi-instance] ${what}: refused by both ${Date.now() - started} ms after publish`,
    );
  }

  /** The change reached PostgreSQL once: the row's version, and one more applied event in all. */
  async function writtenOnce(
    table: 'clients' | 'enterprises',
    id: string,
    writes: number,
    applies: number[],
  ): Promise<void> {
    await waitFor('the projection write', async () => (await versionOf(table, id)) === 2);
    await waitFor('the durable consumer to count it', () => projectionWrites() >= writes + 1);
    expect(projectionWrites()).toBe(writes + 1);
    expect(memoryApplies()).toEqual(applies.map((count) => count + 1));
  }

  beforeAll(async () => {
    ctx = await createTestContext();
    instances = [await startAuthServer(ctx), await startAuthServer(ctx)];
  });

  afterAll(async () => {
    for (const server of instances ?? []) {
      await server.close();
    }
    await ctx?.cleanup();
  });

  it('both refuse the clients of a suspended enterprise; the projection is written once', async () => {
    const scenario = await enroll();
    const writes = projectionWrites();
    const applies = memoryApplies();

    await refusedByBoth(
      'EnterpriseSuspended',
      (server) => token(server, scenario, scenario.secret),
      () =>
        publishEvent(ctx, EnterpriseSuspended, { ...scenario.enterprise, status: 'suspended' }, 2),
    );
    await writtenOnce('enterprises', scenario.enterprise.id, writes, applies);
  });

  it('both refuse a revoked secret and accept the other one; the projection is written once', async () => {
    const scenario = await enroll();
    const second = newSecret();
    await publishEvent(
      ctx,
      SystemAccountSecretRotated,
      {
        ...scenario.client,
        secrets: [
          ...scenario.client.secrets,
          {
            id: crypto.randomUUID(),
            hash: secretHash(second),
            createdAt: new Date().toISOString(),
            expiresAt: null,
          },
        ],
      },
      2,
    );
    for (const server of instances) {
      await waitFor(
        'the rotated secret on each instance',
        async () => (await token(server, scenario, second)).status === 200,
      );
    }
    await waitFor('the rotation in the projection', async () =>
      (await versionOf('clients', scenario.client.id)) === 2 ? true : undefined,
    );
    await durableIdle();
    const writes = projectionWrites();
    const applies = memoryApplies();
    const revokedAt = new Date().toISOString();

    await refusedByBoth(
      'SystemAccountSecretRevoked',
      (server) => token(server, scenario, scenario.secret),
      () =>
        publishEvent(
          ctx,
          SystemAccountSecretRevoked,
          {
            ...scenario.client,
            secrets: [
              { ...scenario.client.secrets[0]!, expiresAt: revokedAt },
              {
                id: crypto.randomUUID(),
                hash: secretHash(second),
                createdAt: revokedAt,
                expiresAt: null,
              },
            ],
          },
          3,
        ),
    );
    for (const server of instances) {
      expect((await token(server, scenario, second)).status).toBe(200);
    }
    await waitFor('the projection write', async () =>
      (await versionOf('clients', scenario.client.id)) === 3 ? true : undefined,
    );
    await waitFor('the durable consumer to count it', () => projectionWrites() >= writes + 1);
    expect(projectionWrites()).toBe(writes + 1);
    expect(memoryApplies()).toEqual(applies.map((count) => count + 1));
  });

  it('both refuse a deleted client; the projection is written once', async () => {
    const scenario = await enroll();
    const writes = projectionWrites();
    const applies = memoryApplies();

    await refusedByBoth(
      'SystemAccountDeleted',
      (server) => token(server, scenario, scenario.secret),
      () =>
        publishEvent(
          ctx,
          SystemAccountDeleted,
          { ...scenario.client, deletedAt: new Date().toISOString() },
          2,
        ),
    );
    await writtenOnce('clients', scenario.client.id, writes, applies);
  });

  it('a third instance started later loads the state from the projection', async () => {
    const scenario = await enroll();
    await publishEvent(
      ctx,
      EnterpriseSuspended,
      { ...scenario.enterprise, status: 'suspended' },
      2,
    );
    await waitFor('the suspension in the projection', async () =>
      (await versionOf('enterprises', scenario.enterprise.id)) === 2 ? true : undefined,
    );
    const late = await startAuthServer(ctx);
    try {
      const call = await token(late, scenario, scenario.secret);
      expect({ status: call.status, error: call.body.error }).toEqual({
        status: 401,
        error: 'invalid_client',
      });
      const fresh = await enroll();
      expect((await token(late, fresh, fresh.secret)).status).toBe(200);
    } finally {
      await late.close();
    }
  });

  it('an instance that hears neither events nor PostgreSQL for longer than the limit answers 503 temporarily_unavailable, then recovers', async () => {
    const scenario = await enroll();
    const stale = await startAuthServer(ctx, { ACCOUNT_STATE_MAX_STALENESS_MS: '200' });
    try {
      expect((await token(stale, scenario, scenario.secret)).status).toBe(200);
      // As if this instance had lost NATS and its PostgreSQL reads failed.
      const snapshot = stale.app.get(ProjectionSnapshotRepository);
      const read = snapshot.read.bind(snapshot);
      snapshot.read = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      stale.app.get(AccountStateSync).markBroken('connection', new Error('NATS disconnected'));

      const refused = await waitFor('the instance to fail closed', async () => {
        const call = await token(stale, scenario, scenario.secret);
        return call.status === 503 ? call : undefined;
      });
      expect(refused.body).toEqual({
        error: 'temporarily_unavailable',
        error_description: expect.any(String) as string,
      });
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.headers.get('cache-control')).toBe('no-store');
      // The login pages fail closed too: our own 503 page, not a login decided from stale state.
      const page = await fetch(
        `${stale.url}/authorize?${new URLSearchParams({
          response_type: 'code',
          client_id: scenario.client.clientId,
          redirect_uri: 'https://portal.example.test/callback',
          code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          code_challenge_method: 'S256',
        }).toString()}`,
        { redirect: 'manual' },
      );
      expect(page.status).toBe(503);
      expect(page.headers.get('retry-after')).toBe('1');

      // PostgreSQL answers again: the re-reads vouch for the state again.
      snapshot.read = read;
      await waitFor(
        'the instance to serve again',
        async () => (await token(stale, scenario, scenario.secret)).status === 200,
      );
      stale.app.get(AccountStateSync).markAttached('connection');
    } finally {
      await stale.close();
    }
  });
});
