// Suspension → refusal at the content API, measured round by round.
import { adminCall } from './setup.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/**
 * Suspension → refusal: suspend through the admin API, then poll the content API with an
 * already-issued token every ~2 ms until it answers 401; the delay counts from the
 * suspend response. Reactivate and wait for 200 before the next round.
 */
export async function suspensionCase({ accounts, content, setup, rounds: count, log }) {
  const admin = await setup.adminToken();
  const token = await setup.contentToken();
  const read = async () => {
    const response = await fetch(`${content.url}/v1/articles`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await response.arrayBuffer();
    return response.status;
  };
  const until = async (status, from) => {
    let polls = 0;
    for (;;) {
      const sent = performance.now();
      const got = await read();
      polls += 1;
      if (got === status) {
        return { ms: performance.now() - from, polls };
      }
      if (got !== 200 && got !== 401) {
        throw new Error(`GET /v1/articles answered ${got} while waiting for ${status}`);
      }
      if (performance.now() - from > 10_000) {
        throw new Error(`no ${status} within 10 s`);
      }
      await sleep(Math.max(0, 2 - (performance.now() - sent)));
    }
  };
  check((await read()) === 200, 'the content API serves the token before the first suspension');
  log(`suspension: ${count} rounds …`);
  const rounds = [];
  const failures = [];
  for (let round = 0; round < count; round += 1) {
    try {
      const requested = performance.now();
      const suspended = await adminCall(
        accounts.url,
        admin,
        'POST',
        `/v1/contracts/${setup.contractId}/suspend`,
      );
      const answered = performance.now();
      check(
        suspended.status === 200 && suspended.body.status === 'suspended',
        `suspend ${suspended.status}`,
      );
      const refused = await until(401, answered);
      const reactivated = await adminCall(
        accounts.url,
        admin,
        'POST',
        `/v1/contracts/${setup.contractId}/reactivate`,
      );
      const reactivatedAt = performance.now();
      check(reactivated.status === 200, `reactivate ${reactivated.status}`);
      const restored = await until(200, reactivatedAt);
      rounds.push({
        suspendRequestMs: answered - requested,
        refusedAfterMs: refused.ms,
        polls: refused.polls,
        restoredAfterMs: restored.ms,
      });
    } catch (error) {
      failures.push(`round ${round + 1}: ${error.message}`);
      log(`suspension round ${round + 1} failed: ${error.message}`);
      break;
    }
  }
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0
      ? null
      : { median: percentile(sorted, 50), p95: percentile(sorted, 95), worst: sorted.at(-1) };
  };
  return {
    rounds: rounds.length,
    refusedAfterMs: stats(rounds.map((r) => r.refusedAfterMs)),
    restoredAfterMs: stats(rounds.map((r) => r.restoredAfterMs)),
    suspendRequestMs: stats(rounds.map((r) => r.suspendRequestMs)),
    samples: rounds,
    failures,
  };
}
