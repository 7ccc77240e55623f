import { execFileSync } from 'node:child_process';
import { queryDatabase, type RunningService, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveryCounts, installApplyLog, report } from './support/delivery-check.js';
import {
  hasStackTrace,
  type Load,
  type Outcome,
  startLoad,
  tally,
  watchReadiness,
} from './support/load.js';
import { NatsCluster } from './support/nats-cluster.js';
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
 * Fault 6: the services on a three-node JetStream cluster (the shipped users and permissions,
 * streams R3, NATS_URL listing the three members), under a steady stream of admin writes,
 * token requests and content reads. kill -9 of the ACCOUNTS stream leader, its restart, kill -9
 * of a follower; then two members down (no quorum) and one back, then the last. Nothing written
 * is lost or applied twice; the services never restart and are ready again by themselves.
 */
const NATS_SERVER = findNatsServer();
const REQUIRED = process.env.CI === 'true';
const HINT =
  'nats-server not found on the PATH (or FAULTS_NATS_SERVER): install it (`apt-get install nats-server`)';
if (!NATS_SERVER && !REQUIRED) {
  process.stdout.write(`\n[faults] three-node JetStream cluster test skipped: ${HINT}\n`);
}

const STREAM = 'ACCOUNTS';

interface Phase {
  readonly name: string;
  /** ms since the load started */
  readonly from: number;
  to: number;
  readonly figures: Record<string, string | number>;
}

describe.skipIf(!NATS_SERVER && !REQUIRED)('fault: three-node JetStream cluster', () => {
  let stack: Stack<NatsCluster>;
  let services: RunningService[];
  let content: RunningService;
  let reader: Awaited<ReturnType<typeof createCustomer>>;
  let toggled: Awaited<ReturnType<typeof createCustomer>>;
  let accessToken: string;

  beforeAll(async () => {
    if (!NATS_SERVER) {
      throw new Error(`${HINT}; CI requires it`);
    }
    stack = await Stack.createOn(() => NatsCluster.start(NATS_SERVER));
    const started = await stack.startAll();
    content = started.content;
    services = [started.auth, started.accounts, started.content];
    await installApplyLog(stack);
    const contentApiId = await registerContentApi(stack);
    reader = await createCustomer(stack, contentApiId, 'C0');
    toggled = await createCustomer(stack, contentApiId, 'C1');
    accessToken = await waitFor('a content token', async () => {
      const answer = await stack.token(reader.clientId, reader.clientSecret, CONTENT_AUDIENCE);
      return answer.status === 200 ? (answer.body.access_token as string) : undefined;
    });
    await waitFor(
      'the content API to know the contract',
      async () => (await read()).status === 200,
    );
  }, 180_000);

  afterAll(async () => {
    await stack?.destroy();
  });

  const read = () =>
    request(`${content.url}/v1/articles`, { headers: { authorization: `Bearer ${accessToken}` } });

  it('loses nothing and applies nothing twice through leader loss, follower loss and lost quorum', async () => {
    const cluster = stack.nats;
    const streamInfo = await cluster.stream(STREAM);
    expect(streamInfo?.replicas.length).toBe(2); // R3: the leader and two followers

    const watch = watchReadiness(services, readiness);
    const adminToken = await stack.adminToken();
    const creates = startLoad(2, 'create enterprise', (worker, iteration) =>
      createEnterprise(stack, `C${worker}-${iteration}`),
    );
    const toggles = startLoad(1, 'suspend/reactivate', (_, iteration) =>
      stack.admin(
        'POST',
        `/v1/contracts/${toggled.contractId}/${iteration % 2 === 0 ? 'suspend' : 'reactivate'}`,
        undefined,
        adminToken,
      ),
    );
    const tokens = startLoad(1, 'token', () =>
      stack.token(reader.clientId, reader.clientSecret, CONTENT_AUDIENCE),
    );
    const reads = startLoad(1, 'content read', read);
    const loads = [creates, toggles, tokens, reads];
    const startedAt = Date.now();
    const now = () => Date.now() - startedAt;
    const phases: Phase[] = [];
    const begin = (name: string): Phase => {
      const previous = phases.at(-1);
      if (previous) {
        previous.to = now();
      }
      const phase: Phase = { name, from: now(), to: Number.POSITIVE_INFINITY, figures: {} };
      phases.push(phase);
      return phase;
    };
    const failWith = async (error: Error): Promise<never> => {
      throw new Error(
        `${error.message}\nstream: ${JSON.stringify(await cluster.stream(STREAM))}\n${stack.outputs()}`,
      );
    };

    // Steady state: every member up.
    begin('all three up');
    await progress(creates, 10);

    // 1. kill -9 of the stream leader.
    const firstLeader = await cluster.waitForStreamLeader(STREAM);
    let phase = begin(`leader ${firstLeader} killed`);
    let faultAt = new Date();
    await cluster.node(firstLeader).stop('SIGKILL');
    const secondLeader = await cluster.waitForStreamLeader(STREAM).catch(failWith);
    phase.figures['new leader'] = secondLeader;
    phase.figures['new leader elected after ms'] = Date.now() - faultAt.getTime();
    phase.figures['events flowing again after ms'] = await recovered(stack, faultAt).catch(
      failWith,
    );
    await progress(creates, 10);

    // 2. The old leader restarts on its store and catches up as a follower.
    phase = begin(`${firstLeader} restarted`);
    faultAt = new Date();
    await cluster.node(firstLeader).start();
    await waitFor(
      `${firstLeader} to be a current replica of ${STREAM}`,
      async () =>
        (await cluster.stream(STREAM))?.replicas.some(
          (replica) => replica.name === firstLeader && replica.current,
        ),
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch(failWith);
    phase.figures['current replica again after ms'] = Date.now() - faultAt.getTime();
    await progress(creates, 10);

    // 3. kill -9 of a follower: the leader keeps its quorum, nothing pauses.
    const leader = await cluster.waitForStreamLeader(STREAM);
    const follower = cluster.nodes.find((node) => node.name !== leader)!.name;
    phase = begin(`follower ${follower} killed`);
    faultAt = new Date();
    await cluster.node(follower).stop('SIGKILL');
    phase.figures['events flowing after ms'] = await recovered(stack, faultAt).catch(failWith);
    phase.figures['leader'] = await cluster.waitForStreamLeader(STREAM);
    await progress(creates, 10);

    // 4. The leader too: two of three down, JetStream has no quorum.
    const lastLeader = await cluster.waitForStreamLeader(STREAM);
    const survivor = cluster.nodes.find((node) => node.running && node.name !== lastLeader)!.name;
    phase = begin(`no quorum: ${follower} and ${lastLeader} down, ${survivor} alone`);
    const quorumLostAt = new Date();
    await cluster.node(lastLeader).stop('SIGKILL');
    const unpublishedAtLoss = await unpublished(stack);
    // Admin writes go on into the outbox; nothing can be published meanwhile. The outage
    // lasts until a hundred events wait there.
    await waitFor(
      'a hundred events waiting in the outbox',
      async () => (await unpublished(stack)) - unpublishedAtLoss >= 100,
      { timeoutMs: 90_000, intervalMs: 100 },
    ).catch(failWith);
    const waiting = (await unpublished(stack)) - unpublishedAtLoss;
    const leaderAlone = (await cluster.stream(STREAM))?.leader ?? 'none';
    phase.figures['events waiting in the outbox'] = waiting;
    phase.figures['stream leader seen'] = leaderAlone;

    // 5. One member back: quorum again, the backlog is published and applied.
    phase = begin(`${lastLeader} back (two of three)`);
    faultAt = new Date();
    await cluster.node(lastLeader).start();
    phase.figures['stream leader after ms'] = await cluster
      .waitForStreamLeader(STREAM)
      .then(() => Date.now() - faultAt.getTime())
      .catch(failWith);
    phase.figures['backlog published and applied after ms'] = await recovered(stack, faultAt).catch(
      failWith,
    );
    phase.figures['quorum lost for ms'] = faultAt.getTime() - quorumLostAt.getTime();
    await progress(creates, 10);

    // 6. The last member back.
    phase = begin(`${follower} back (all three)`);
    faultAt = new Date();
    await cluster.node(follower).start();
    await waitFor(
      `every replica of ${STREAM} to be current`,
      async () => {
        const info = await cluster.stream(STREAM);
        return info?.replicas.length === 2 && info.replicas.every((replica) => replica.current);
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch(failWith);
    phase.figures['all replicas current after ms'] = Date.now() - faultAt.getTime();
    await waitFor(
      'every service to be ready',
      async () => (await Promise.all(services.map(readiness))).every((status) => status === 200),
      { timeoutMs: 60_000, intervalMs: 100 },
    ).catch(failWith);
    await progress(creates, 10);
    const endedAt = now();
    phases.at(-1)!.to = endedAt;
    await Promise.all(loads.map((load) => load.stop()));
    await watch.stop();

    const counts = await waitFor(
      'every change in the projections',
      async () => {
        const current = await deliveryCounts(stack, ['enterprise', 'contract']);
        return current.mismatched.length === 0 && current.unpublished === 0 ? current : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    ).catch(async (error: Error) => {
      const current = await deliveryCounts(stack, ['enterprise', 'contract']);
      return failWith(new Error(`${error.message}\n${current.mismatched.slice(0, 10).join('\n')}`));
    });

    const outcomes: Outcome[] = loads.flatMap((load) => load.outcomes);
    const labels = ['create enterprise', 'suspend/reactivate', 'token', 'content read'];
    const perPhase: Record<string, string> = {};
    for (const { name, from, to, figures } of phases) {
      const answered = labels
        .map(
          (label) =>
            `${label} ${JSON.stringify(
              tally(
                outcomes.filter((outcome) => outcome.label === label),
                from,
                to,
              ),
            )}`,
        )
        .join(', ');
      const ready = [...watch.changes]
        .map(([instance, changes]) => {
          const during = changes.filter((change) => change.at >= from && change.at < to);
          const before = changes.filter((change) => change.at < from).at(-1)?.status;
          return `${instance} ${[before, ...during.map((change) => change.status)].filter((status) => status !== undefined).join('→')}`;
        })
        .join('; ');
      const extra = Object.entries(figures)
        .map(([key, value]) => `${key}: ${value}`)
        .join(', ');
      perPhase[`${name} (${from}-${to} ms)`] =
        `${answered}\n      readiness: ${ready}${extra ? `\n      ${extra}` : ''}`;
    }
    const withStack = outcomes.filter((outcome) => hasStackTrace(outcome.text));
    const otherFiveHundreds = outcomes.filter(
      (outcome) => outcome.status >= 500 && outcome.status !== 503,
    );
    const notOk = [
      ...new Set(
        outcomes
          .filter((outcome) => outcome.status < 200 || outcome.status >= 300)
          .map((outcome) => `${outcome.label}: ${outcome.status} ${outcome.text.slice(0, 160)}`),
      ),
    ];
    report('6. three-node JetStream cluster: leader, follower, quorum lost', counts, {
      'run ms': endedAt,
      ...perPhase,
      'answers other than 2xx': notOk.slice(0, 8).join(' | ') || 'none',
      readiness: [...watch.transitions]
        .map(([instance, seen]) => `${instance} ${seen.join('→')}`)
        .join('; '),
    });

    expect(withStack.map((outcome) => outcome.text)).toEqual([]);
    expect(otherFiveHundreds.map((outcome) => `${outcome.label}: ${outcome.text}`)).toEqual([]);
    for (const service of services) {
      expect(service.process.exitCode).toBeNull();
    }
    // An admin write commits with its event whatever NATS does: the outbox holds it.
    expect(creates.outcomes.every((outcome) => outcome.status === 201)).toBe(true);
    expect(toggles.outcomes.every((outcome) => outcome.status === 200)).toBe(true);
    // With one member down (phases 1-3) nobody notices: tokens and reads answer.
    for (const { from, to } of phases.slice(1, 4)) {
      for (const load of [tokens, reads]) {
        const inPhase = load.outcomes.filter(
          (outcome) => outcome.sentAt >= from && outcome.at < to,
        );
        expect(inPhase.every((outcome) => outcome.status === 200)).toBe(true);
      }
    }
    // After the last member is back, every kind of request succeeds again.
    const lastPhase = phases.at(-1)!;
    for (const load of loads) {
      const after = load.outcomes.filter((outcome) => outcome.sentAt >= lastPhase.from);
      expect(after.length).toBeGreaterThan(0);
      expect(after.every((outcome) => outcome.status >= 200 && outcome.status < 300)).toBe(true);
    }
    // No quorum: the survivor leads nothing, the writes wait in the outbox (and were all
    // published and applied once a member came back: recovered() above).
    expect(leaderAlone).toBe('none');
    expect(waiting).toBeGreaterThan(0);
    // Exactly once, in order, from source to stream to every projection.
    expect(counts.written).toBeGreaterThan(0);
    expect(counts.written).toBe(counts.delivered);
    expect(counts.streamDuplicates).toBe(0);
    expect(counts.appliedTwice).toBe(0);
    expect(counts.outOfOrder).toBe(0);
  });
});

function findNatsServer(): string | undefined {
  if (process.env.FAULTS_NATS_SERVER) {
    return process.env.FAULTS_NATS_SERVER;
  }
  try {
    return execFileSync('bash', ['-c', 'command -v nats-server']).toString().trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Waits until `count` more answers of the load have come (the load has moved on). */
async function progress(load: Load, count: number): Promise<void> {
  const target = load.outcomes.length + count;
  await waitFor(`${count} more answers`, () => load.outcomes.length >= target, {
    timeoutMs: 60_000,
    intervalMs: 50,
  });
}

async function unpublished(stack: Stack<NatsCluster>): Promise<number> {
  const [row] = await queryDatabase<{ n: string }>(
    stack.pg.url,
    'SELECT count(*) AS n FROM accounts.outbox WHERE published_at IS NULL',
  );
  return Number(row?.n ?? 0);
}

/**
 * Recovered from a fault at `since`: every event written before it is published (and one written
 * after it), and each consumer has applied an enterprise created after it. Resolves with the ms
 * from `since` to each, as `published 120, auth-server 180, content-api 190`.
 */
async function recovered(stack: Stack<NatsCluster>, since: Date): Promise<string> {
  const seen: Record<string, number> = {};
  await waitFor(
    'events to flow again (backlog published, a later write applied by both consumers)',
    async () => {
      const [row] = await queryDatabase<{
        backlog: string;
        after: string;
        auth: string;
        content: string;
      }>(
        stack.pg.url,
        `SELECT
           (SELECT count(*) FROM accounts.outbox WHERE published_at IS NULL AND created_at <= $1) AS backlog,
           (SELECT count(*) FROM accounts.outbox WHERE published_at IS NOT NULL AND created_at > $1) AS after,
           (SELECT count(*) FROM accounts.enterprises e JOIN auth.enterprises p ON p.id = e.id
             WHERE e.created_at > $1) AS auth,
           (SELECT count(*) FROM accounts.enterprises e JOIN content.enterprises p ON p.id = e.id
             WHERE e.created_at > $1) AS content`,
        [since.toISOString()],
      );
      const at = Date.now() - since.getTime();
      if (Number(row?.backlog) === 0 && Number(row?.after) > 0) {
        seen.published ??= at;
      }
      if (Number(row?.auth) > 0) {
        seen['auth-server'] ??= at;
      }
      if (Number(row?.content) > 0) {
        seen['content-api'] ??= at;
      }
      return Object.keys(seen).length === 3;
    },
    { timeoutMs: 90_000, intervalMs: 100 },
  );
  return ['published', 'auth-server', 'content-api'].map((key) => `${key} ${seen[key]}`).join(', ');
}
