import { type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTENT_AUDIENCE,
  createCustomer,
  registerContentApi,
  request,
  Stack,
} from './support/stack.js';

const ROUNDS = 20;

/**
 * Fault 5 (scale rather than a break): two auth-server and two content-api
 * instances on one database and namespace. A contract is suspended; every
 * instance must refuse: the auth-servers new tokens, the content APIs the token
 * issued before. The time from the admin's suspend response to refusal is
 * measured over several rounds and printed (speed is reported, not asserted).
 */
describe('several instances: a suspension reaches all of them', () => {
  let stack: Stack;
  let authServers: RunningService[];
  let contentApis: RunningService[];
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let accessToken: string;

  beforeAll(async () => {
    stack = await Stack.create();
    authServers = [await stack.start('auth-server'), await stack.start('auth-server')];
    await stack.start('account-service');
    contentApis = [await stack.start('content-api'), await stack.start('content-api')];
    customer = await createCustomer(stack, await registerContentApi(stack), 'S0');
    accessToken = await waitFor('a content token', async () => {
      const answer = await stack.token(customer.clientId, customer.clientSecret, CONTENT_AUDIENCE);
      return answer.status === 200 ? (answer.body.access_token as string) : undefined;
    });
    await waitFor('every instance to grant access', async () =>
      (await Promise.all(probes().map((probe) => probe.refused()))).every((refused) => !refused),
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  /** Per instance: does it refuse now? */
  function probes(): Array<{ instance: string; refused: () => Promise<boolean> }> {
    return [
      ...authServers.map((auth) => ({
        instance: `auth-server@${new URL(auth.url).port}`,
        refused: async () => {
          const form = new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: customer.clientId,
            client_secret: customer.clientSecret,
            resource: CONTENT_AUDIENCE,
          });
          return (
            (await request(`${auth.url}/token`, { method: 'POST', body: form })).status !== 200
          );
        },
      })),
      ...contentApis.map((content) => ({
        instance: `content-api@${new URL(content.url).port}`,
        refused: async () =>
          (
            await request(`${content.url}/v1/articles`, {
              headers: { authorization: `Bearer ${accessToken}` },
            })
          ).status === 401,
      })),
    ];
  }

  it(`refuses on all four instances after a suspension (${ROUNDS} rounds, times printed)`, async () => {
    const perInstance = new Map<string, number[]>();
    const slowest: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const suspended = await stack.admin('POST', `/v1/contracts/${customer.contractId}/suspend`);
      expect(suspended.status).toBe(200);
      const answeredAt = performance.now();
      const times = await Promise.all(
        probes().map(async (probe) => {
          await waitFor(`${probe.instance} to refuse`, () => probe.refused(), {
            timeoutMs: 10_000,
            intervalMs: 2,
          });
          const ms = performance.now() - answeredAt;
          perInstance.set(probe.instance, [...(perInstance.get(probe.instance) ?? []), ms]);
          return ms;
        }),
      );
      slowest.push(Math.max(...times));
      expect(
        (await stack.admin('POST', `/v1/contracts/${customer.contractId}/reactivate`)).status,
      ).toBe(200);
      await waitFor(
        'every instance to grant access again',
        async () =>
          (await Promise.all(probes().map((probe) => probe.refused()))).every(
            (refused) => !refused,
          ),
        {
          timeoutMs: 10_000,
        },
      );
    }
    const lines = [...perInstance].map(
      ([instance, times]) =>
        `  ${instance}: median ${median(times).toFixed(0)} ms, worst ${Math.max(...times).toFixed(0)} ms`,
    );
    process.stdout.write(
      `\n[faults] 5. suspension → refusal on 2 auth-server + 2 content-api instances, ${ROUNDS} rounds\n${lines.join('\n')}\n` +
        `  all four refusing: median ${median(slowest).toFixed(0)} ms, worst ${Math.max(...slowest).toFixed(0)} ms, over 1 s: ${slowest.filter((ms) => ms > 1_000).length}\n`,
    );
  });
});

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[middle]!;
}
