import { AccessState, UsageFlusher } from '@charter/resource-server';
import {
  createTestContext,
  freePort,
  queryDatabase,
  readStream,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogApi } from './support/catalog-api.js';
import {
  buildCatalogApi,
  buildContract,
  buildEnterprise,
  CATALOG_API_AUDIENCE,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishSystemAccount,
  startAuthServer,
  tokenFor,
} from './support/fixtures.js';

/**
 * Usage metering end to end (issue 13): two catalog API instances count what they serve and
 * refuse, flush signed batches every 200 ms, and the real account service keeps them exactly
 * once, through a kill -9 of the account service in the middle of the traffic (its consumer
 * dies with batches applied but maybe not acknowledged; the next one gets them again after the
 * ack wait and must not count them twice). One instance stops gracefully: its last counts are
 * flushed on the way down.
 */
describe('usage metering across two instances and an account service crash', () => {
  let ctx: TestContext;
  let authServer: RunningService;
  let accountService: RunningService | undefined;
  let instances: Array<Awaited<ReturnType<typeof startCatalogApi>>>;

  const startAccountService = async (): Promise<RunningService> =>
    startService('account-service', await freePort(), {
      ...ctx.env,
      AUTH_ISSUER: authServer.url,
    });

  beforeAll(async () => {
    ctx = await createTestContext();
    authServer = await startAuthServer(ctx);
    accountService = await startAccountService();
    instances = [
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url, USAGE_FLUSH_INTERVAL_MS: '200' }),
      await startCatalogApi(ctx, { AUTH_ISSUER: authServer.url, USAGE_FLUSH_INTERVAL_MS: '200' }),
    ];
  });

  afterAll(async () => {
    for (const api of instances ?? []) {
      await api.close();
    }
    await accountService?.stop();
    await authServer?.stop();
    await ctx?.cleanup();
  });

  it('counts every request once, served and refused, per dataset', async () => {
    const catalogApi = buildCatalogApi();
    await publishEvent(ctx, ContentApiRegistered, catalogApi, 1);
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: catalogApi.id,
      datasets: ['ratings'],
    });
    await publishEvent(ctx, ContractCreated, contract, 1);
    const caller = await publishSystemAccount(ctx, enterprise.id);
    const token = await tokenFor(authServer, caller, CATALOG_API_AUDIENCE);
    for (const api of instances) {
      await waitFor('the instance to know the contract', () =>
        api.app.get(AccessState).contract(contract.id) !== undefined ? true : undefined,
      );
    }

    const seen = { served: 0, dataset_not_covered: 0, other: 0 };
    const round = async (): Promise<void> => {
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          instances[i % 2]!.get(i % 5 === 0 ? '/v1/instruments' : '/v1/ratings', token),
        ),
      );
      for (const answer of answers) {
        if (answer.status === 200) {
          seen.served += 1;
        } else if (answer.body.code === 'dataset_not_covered') {
          seen.dataset_not_covered += 1;
        } else {
          seen.other += 1;
        }
      }
    };
    const flushed = (): number =>
      instances.reduce((sum, api) => sum + api.app.get(UsageFlusher).published, 0);

    for (let i = 0; i < 3; i += 1) {
      await round();
    }
    // Batches are flowing to the account service; kill it while it may be applying one.
    await waitFor('batches to be published', () => (flushed() >= 2 ? true : undefined));
    await accountService?.stop('SIGKILL');
    for (let i = 0; i < 3; i += 1) {
      await round();
    }
    accountService = await startAccountService();
    for (let i = 0; i < 3; i += 1) {
      await round();
    }
    await instances[0]!.app.get(UsageFlusher).flush();
    // The second instance stops gracefully: its last counts go out before its connection closes.
    await instances[1]!.close();
    instances = [instances[0]!];

    const counted = async (): Promise<Record<string, number>> => {
      const rows = await queryDatabase<{ outcome: string; total: string }>(
        ctx.databaseUrl,
        `SELECT outcome, sum(count)::text AS total FROM accounts.usage_minutes
          WHERE contract_id = $1 GROUP BY outcome`,
        [contract.id],
      );
      return Object.fromEntries(rows.map((row) => [row.outcome, Number(row.total)]));
    };
    // Up to the consumer's ack wait (30 s) for what the killed one held unacknowledged.
    const final = await waitFor(
      'every batch to be counted',
      async () => {
        const now = await counted();
        return now.served === seen.served && now.dataset_not_covered === seen.dataset_not_covered
          ? now
          : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    ).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}; seen ${JSON.stringify(seen)}, counted ${JSON.stringify(await counted())}`,
      );
    });

    const stored = await readStream(ctx.natsUrl, ctx.namespace, 'USAGE');
    const [claimed] = await queryDatabase<{ batches: string }>(
      ctx.databaseUrl,
      'SELECT count(*)::text AS batches FROM accounts.usage_batches',
    );
    console.log(
      `[usage] requests ${JSON.stringify(seen)}; counted ${JSON.stringify(final)}; batches published ${stored.length}, counted once each: ${claimed?.batches}`,
    );
    expect(seen.other).toBe(0);
    expect(final).toEqual({
      served: seen.served,
      dataset_not_covered: seen.dataset_not_covered,
    });
    // Each batch is in the stream once (its id is the Nats-Msg-Id) and claimed once.
    expect(new Set(stored.map((event) => event.headers['Nats-Msg-Id'])).size).toBe(stored.length);
    expect(Number(claimed?.batches)).toBe(stored.length);
    // Every count in the stream is in the table, no more.
    const inStream = stored
      .flatMap((event) => (event.payload.data as { counts: Array<{ count: number }> }).counts)
      .reduce((sum, count) => sum + count.count, 0);
    expect(inStream).toBe(seen.served + seen.dataset_not_covered);
  }, 150_000);
});
