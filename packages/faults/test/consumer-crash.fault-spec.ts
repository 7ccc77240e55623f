import { type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedCount, deliveryCounts, installApplyLog, report } from './support/delivery-check.js';
import { sleep, startLoad, tally } from './support/load.js';
import { createCustomer, registerContentApi, Stack } from './support/stack.js';

/**
 * Fault 4: the content API (a consumer) dies with kill -9 while a stream of
 * contract changes flows to it; events keep coming while it is down; after a
 * restart it catches up with no event applied twice and versions only rising.
 */
describe('fault: kill -9 of a consumer mid-stream', () => {
  let stack: Stack;
  let content: RunningService;
  const contracts: string[] = [];

  beforeAll(async () => {
    stack = await Stack.create();
    ({ content } = await stack.startAll());
    await installApplyLog(stack);
    const contentApiId = await registerContentApi(stack);
    for (let index = 0; index < 12; index += 1) {
      contracts.push((await createCustomer(stack, contentApiId, `C${index}`)).contractId);
    }
  }, 120_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  it('applies every change once, in version order, after the restart', async () => {
    // One admin per contract, suspending and reactivating it: a steady stream of new versions.
    const toggles = startLoad(contracts.length, 'suspend/reactivate', (worker, iteration) =>
      stack.admin(
        'POST',
        `/v1/contracts/${contracts[worker]!}/${iteration % 2 === 0 ? 'suspend' : 'reactivate'}`,
      ),
    );
    const before = await appliedCount(stack, 'content.contracts');
    await waitFor(
      'the content API to be applying the stream',
      async () => (await appliedCount(stack, 'content.contracts')) >= before + 60,
      {
        timeoutMs: 30_000,
        intervalMs: 5,
      },
    );
    await stack.stop(content, 'SIGKILL');
    const appliedAtKill = await appliedCount(stack, 'content.contracts');
    await sleep(2_000);
    content = await stack.restart(content);
    await sleep(2_000);
    await toggles.stop();

    // Events the dead instance had received but not acknowledged come back after the
    // consumer's ack wait (30 s), so this can take that long.
    const counts = await waitFor(
      'the content projection to catch up',
      async () => {
        const current = await deliveryCounts(stack, ['contract']);
        return current.mismatched.length === 0 && current.unpublished === 0 ? current : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    ).catch(async (error: Error) => {
      const current = await deliveryCounts(stack, ['contract']);
      throw new Error(
        `${error.message}\n${current.mismatched.slice(0, 10).join('\n')}\n${stack.outputs()}`,
      );
    });
    const consumer = (await stack.nats.jsz()).account_details
      ?.flatMap((account) => account.stream_detail ?? [])
      .flatMap((stream) => stream.consumer_detail ?? [])
      .find((detail) => detail.name === 'content-api-accounts');
    report('4. kill -9 content-api while contract changes stream in', counts, {
      'content.contracts applied before the kill': appliedAtKill,
      'admin writes': JSON.stringify(tally(toggles.outcomes)),
      'content-api consumer deliveries (incl. redeliveries)':
        consumer?.delivered.consumer_seq ?? 'n/a',
      'stream messages': consumer?.delivered.stream_seq ?? 'n/a',
    });

    expect(toggles.outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    expect(counts.written).toBe(counts.delivered);
    expect(counts.streamDuplicates).toBe(0);
    expect(counts.appliedTwice).toBe(0);
    expect(counts.outOfOrder).toBe(0);
    expect(counts.applied['content.contracts']).toBeGreaterThan(appliedAtKill);
  });
});
