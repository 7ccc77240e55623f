import { type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryCounts, installApplyLog, report } from './support/delivery-check.js';
import { sleep, startLoad, tally, watchReadiness } from './support/load.js';
import {
  createCustomer,
  createEnterprise,
  readiness,
  registerContentApi,
  Stack,
} from './support/stack.js';

/**
 * Fault 2: NATS stops for some seconds while admins keep writing, then starts
 * again on the same store. Writes keep succeeding (the outbox holds the events),
 * readiness goes 503 and back to 200 by itself, and nothing is lost or doubled.
 */
describe('fault: NATS down for some seconds under admin writes', () => {
  let stack: Stack;
  let services: RunningService[];
  let contractId: string;

  beforeAll(async () => {
    stack = await Stack.create();
    const { auth, accounts, content } = await stack.startAll();
    services = [auth, accounts, content];
    await installApplyLog(stack);
    ({ contractId } = await createCustomer(stack, await registerContentApi(stack), 'N0'));
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  it('loses nothing, and the services recover by themselves', async () => {
    const watch = watchReadiness(services, readiness);
    // Four admins create enterprises; one suspends and reactivates a contract over and over.
    const creates = startLoad(4, 'create enterprise', (worker, iteration) =>
      createEnterprise(stack, `N${worker}-${iteration}`),
    );
    const toggles = startLoad(1, 'suspend/reactivate', (_, iteration) =>
      stack.admin(
        'POST',
        `/v1/contracts/${contractId}/${iteration % 2 === 0 ? 'suspend' : 'reactivate'}`,
      ),
    );
    await sleep(1_500);

    const stoppedAt = Date.now();
    await stack.nats.stop();
    await waitFor(
      'every service to report not ready',
      async () => (await Promise.all(services.map(readiness))).every((status) => status === 503),
      {
        timeoutMs: 10_000,
        intervalMs: 100,
      },
    );
    const atStop = creates.outcomes.length + toggles.outcomes.length;
    await sleep(4_000);
    const writesWhileDown = creates.outcomes.length + toggles.outcomes.length - atStop;
    await stack.nats.start();
    const downMs = Date.now() - stoppedAt;
    await waitFor(
      'every service to be ready again',
      async () => (await Promise.all(services.map(readiness))).every((status) => status === 200),
      {
        timeoutMs: 30_000,
        intervalMs: 100,
      },
    );
    const recoveredMs = Date.now() - stoppedAt - downMs;
    await sleep(1_500);
    await Promise.all([creates.stop(), toggles.stop()]);
    await watch.stop();

    const counts = await waitFor(
      'every change in both projections',
      async () => {
        const current = await deliveryCounts(stack, ['enterprise', 'contract']);
        return current.mismatched.length === 0 && current.unpublished === 0 ? current : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    ).catch(async (error: Error) => {
      const current = await deliveryCounts(stack, ['enterprise', 'contract']);
      throw new Error(
        `${error.message}\n${current.mismatched.slice(0, 10).join('\n')}\n${stack.outputs()}`,
      );
    });
    const readinessSeen = [...watch.transitions]
      .map(([instance, seen]) => `${instance} ${seen.join('→')}`)
      .join('; ');
    report('2. NATS stopped under admin writes, started again on the same store', counts, {
      'NATS down ms': downMs,
      'ready again after restart ms': recoveredMs,
      'admin writes answered while NATS was down': writesWhileDown,
      'create statuses': JSON.stringify(tally(creates.outcomes)),
      'suspend/reactivate statuses': JSON.stringify(tally(toggles.outcomes)),
      readiness: readinessSeen,
    });

    // Writes go on while NATS is down: the outbox holds the events.
    expect(writesWhileDown).toBeGreaterThan(0);
    expect(creates.outcomes.every((outcome) => outcome.status === 201)).toBe(true);
    expect(toggles.outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    for (const [, seen] of watch.transitions) {
      expect(seen).toEqual([200, 503, 200]);
    }
    expect(counts.written).toBe(counts.delivered);
    expect(counts.streamDuplicates).toBe(0);
    expect(counts.appliedTwice).toBe(0);
    expect(counts.outOfOrder).toBe(0);
    for (const service of services) {
      expect(service.process.exitCode).toBeNull();
    }
  });
});
