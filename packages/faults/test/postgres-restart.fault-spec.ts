import { type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryCounts, installApplyLog, report } from './support/delivery-check.js';
import {
  hasStackTrace,
  type Outcome,
  sleep,
  startLoad,
  tally,
  watchReadiness,
} from './support/load.js';
import {
  CONTENT_AUDIENCE,
  createCustomer,
  createEnterprise,
  readiness,
  registerContentApi,
  request,
  Stack,
} from './support/stack.js';

/**
 * Fault 3: PostgreSQL restarts (immediate stop, some seconds down, start) under
 * admin writes, token requests and content reads. The services reconnect without
 * a restart of their own, no answer carries a stack trace, and the events of the
 * writes that committed all reach the projections once.
 */
describe('fault: PostgreSQL restart under load', () => {
  let stack: Stack;
  let services: RunningService[];
  let content: RunningService;
  let customer: Awaited<ReturnType<typeof createCustomer>>;
  let accessToken: string;

  beforeAll(async () => {
    stack = await Stack.create();
    const started = await stack.startAll();
    content = started.content;
    services = [started.auth, started.accounts, started.content];
    await installApplyLog(stack);
    customer = await createCustomer(stack, await registerContentApi(stack), 'P0');
    accessToken = await waitFor('a content token', async () => {
      const answer = await stack.token(customer.clientId, customer.clientSecret, CONTENT_AUDIENCE);
      return answer.status === 200 ? (answer.body.access_token as string) : undefined;
    });
    await waitFor(
      'the content API to know the contract',
      async () => (await read()).status === 200,
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  const read = () =>
    request(`${content.url}/v1/articles`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('reconnects by itself; no stack traces; nothing lost', async () => {
    const watch = watchReadiness(services, readiness);
    const adminToken = await stack.adminToken();
    const loads = [
      startLoad(2, 'create enterprise', (worker, iteration) =>
        createEnterprise(stack, `P${worker}-${iteration}`),
      ),
      startLoad(2, 'token', () =>
        stack.token(customer.clientId, customer.clientSecret, CONTENT_AUDIENCE),
      ),
      startLoad(2, 'content read', read),
      startLoad(1, 'admin read', () =>
        stack.admin('GET', '/v1/enterprises?limit=5', undefined, adminToken),
      ),
    ];
    const startedAt = Date.now();
    await sleep(1_500);

    const downFrom = Date.now() - startedAt;
    stack.pg.stop('immediate');
    await sleep(5_000);
    await stack.pg.start();
    const downTo = Date.now() - startedAt;
    await waitFor(
      'every service to be ready again',
      async () => (await Promise.all(services.map(readiness))).every((status) => status === 200),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    const readyAgain = Date.now() - startedAt;
    await sleep(2_000);
    await Promise.all(loads.map((load) => load.stop()));
    await watch.stop();

    const outcomes: Outcome[] = loads.flatMap((load) => load.outcomes);
    const byLabel = (label: string) => outcomes.filter((outcome) => outcome.label === label);
    // Sent once every service was ready again (a request sent while one was still reconnecting
    // may answer 503 after that moment: it is counted by when it was sent).
    const sentAfter = (label: string) =>
      byLabel(label).filter((outcome) => outcome.sentAt >= readyAgain);
    const phases = (label: string) =>
      `before ${JSON.stringify(tally(byLabel(label), 0, downFrom))} down ${JSON.stringify(tally(byLabel(label), downFrom, downTo))} ` +
      `recovering ${JSON.stringify(tally(byLabel(label), downTo, readyAgain))} after ${JSON.stringify(tally(byLabel(label), readyAgain))} ` +
      `sent after ${JSON.stringify(tally(sentAfter(label)))}`;
    const tokenErrors = [
      ...new Set(
        byLabel('token')
          .filter((outcome) => outcome.status !== 200)
          .map((outcome) => `${outcome.status} ${outcome.text.slice(0, 200)}`),
      ),
    ];
    const withStack = outcomes.filter((outcome) => hasStackTrace(outcome.text));
    const fiveHundreds = outcomes.filter(
      (outcome) => outcome.status >= 500 && outcome.status !== 503,
    );

    const counts = await waitFor(
      'every committed enterprise in both projections',
      async () => {
        const current = await deliveryCounts(stack, ['enterprise', 'contract']);
        return current.mismatched.length === 0 && current.unpublished === 0 ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch(async (error: Error) => {
      const current = await deliveryCounts(stack, ['enterprise', 'contract']);
      const jsz = JSON.stringify(await stack.nats.jsz());
      throw new Error(
        `${error.message}\n${current.mismatched.slice(0, 10).join('\n')}\n${jsz}\n${stack.outputs()}`,
      );
    });
    report('3. PostgreSQL restarted (immediate stop, 5 s down) under load', counts, {
      'down (ms into the run)': `${downFrom}-${downTo}, all ready again at ${readyAgain}`,
      'create enterprise': phases('create enterprise'),
      token: phases('token'),
      'content read': phases('content read'),
      'admin read': phases('admin read'),
      'token answers other than 200': tokenErrors.join(' | ') || 'none',
      '5xx other than 503': `${fiveHundreds.length}${fiveHundreds.length ? ` e.g. ${fiveHundreds[0]!.label}: ${fiveHundreds[0]!.text.slice(0, 300)}` : ''}`,
      'bodies with a stack trace': withStack.length,
      readiness: [...watch.transitions]
        .map(([instance, seen]) => `${instance} ${seen.join('→')}`)
        .join('; '),
    });

    expect(withStack.map((outcome) => outcome.text)).toEqual([]);
    // A database outage is a 503 (problem or temporarily_unavailable), never a 500.
    expect(
      fiveHundreds.map(
        (outcome) => `${outcome.label}: ${outcome.status} ${outcome.text.slice(0, 200)}`,
      ),
    ).toEqual([]);
    for (const service of services) {
      expect(service.process.exitCode).toBeNull();
    }
    // Recovered without a restart: every kind of request succeeds after the outage.
    for (const label of ['create enterprise', 'token', 'content read', 'admin read']) {
      const after = sentAfter(label);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((outcome) => outcome.status >= 200 && outcome.status < 300)).toBe(true);
    }
    expect(counts.streamDuplicates).toBe(0);
    expect(counts.appliedTwice).toBe(0);
    expect(counts.outOfOrder).toBe(0);
  });
});
