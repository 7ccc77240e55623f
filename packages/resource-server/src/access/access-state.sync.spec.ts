import { EventNamespace, type NatsConnection } from '@charter/events';
import { ProblemException, SystemClock } from '@charter/service-kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountProjectionRepository } from '../projection/account-projection.repository.js';
import type { RevocationListRepository } from '../revocation/revocation-list.repository.js';
import { AccessStateSync } from './access-state.sync.js';
import { AccessState } from './domain/access-state.js';

/** PostgreSQL as the sync sees it: answers, or fails like a database that is down. */
class FakeProjection {
  down = false;
  reads = 0;
  private answer<T>(rows: T[]): Promise<T[]> {
    this.reads += 1;
    return this.down ? Promise.reject(new Error('connection refused')) : Promise.resolve(rows);
  }
  allContracts = () => this.answer([]);
  allEnterprises = () => this.answer([{ id: 'e1', status: 'suspended' as const, version: 2 }]);
  allUsers = () => this.answer([]);
  allSystemAccounts = () => this.answer([]);
  unexpired = () => this.answer([]);
}

function syncWith(database: FakeProjection, state = new AccessState()): AccessStateSync {
  return new AccessStateSync(
    { namespace: new EventNamespace('') } as unknown as NatsConnection,
    state,
    database as unknown as AccountProjectionRepository,
    database as unknown as RevocationListRepository,
    new SystemClock(),
    {
      name: 'content-api',
      audience: 'http://localhost:3002',
      maxStalenessMs: 1_000,
      usageFlushIntervalMs: 5_000,
      accountsDurable: 'content-api-accounts',
      revocationsDurable: 'content-api-revocations',
    },
  );
}

const refusal = (sync: AccessStateSync): unknown => {
  try {
    sync.assertCurrent();
    return null;
  } catch (error) {
    return error;
  }
};

describe('AccessStateSync: fail closed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('serves while events arrive, and for the staleness limit after they stop', async () => {
    const database = new FakeProjection();
    database.down = true;
    const sync = syncWith(database);
    expect(refusal(sync)).toBeNull();

    sync.markBroken('connection', new Error('NATS disconnected'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refusal(sync)).toBeNull();

    // Neither events nor the database for longer than the limit: refuse rather than guess.
    expect(sync.isReady()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    // Readiness goes down with it, so the balancer stops sending requests this instance refuses.
    expect(sync.isReady()).toBe(false);
    const error = refusal(sync);
    expect(error).toBeInstanceOf(ProblemException);
    expect((error as ProblemException).problem).toMatchObject({
      status: 503,
      code: 'access_state_unavailable',
    });
  });

  it('keeps serving from re-reads of the database while events are away', async () => {
    const database = new FakeProjection();
    const state = new AccessState();
    const sync = syncWith(database, state);
    sync.markBroken('accounts', new Error('heartbeats_missed'));

    await vi.advanceTimersByTimeAsync(5_000);
    // Read every half of the limit, so the state never gets older than the limit.
    expect(database.reads).toBeGreaterThanOrEqual(4 * 9);
    expect(refusal(sync)).toBeNull();
    expect(state.enterprise('e1')?.status).toBe('suspended');

    database.down = true;
    await vi.advanceTimersByTimeAsync(1_600);
    expect(refusal(sync)).toBeInstanceOf(ProblemException);
    database.down = false;
    await vi.advanceTimersByTimeAsync(600);
    expect(refusal(sync)).toBeNull();
  });

  it('is current again once every source is attached and one read succeeded', async () => {
    const database = new FakeProjection();
    database.down = true;
    const sync = syncWith(database);
    sync.markBroken('connection', new Error('NATS disconnected'));
    sync.markBroken('revocations', new Error('consumer_deleted'));
    await vi.advanceTimersByTimeAsync(2_000);
    expect(refusal(sync)).toBeInstanceOf(ProblemException);

    database.down = false;
    sync.markAttached('connection');
    await vi.advanceTimersByTimeAsync(0);
    // The read succeeded, but the revocations still arrive by no subscription.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(refusal(sync)).toBeNull();
    database.down = true;
    await vi.advanceTimersByTimeAsync(1_600);
    expect(refusal(sync)).toBeInstanceOf(ProblemException);

    database.down = false;
    sync.markAttached('revocations');
    await vi.advanceTimersByTimeAsync(0);
    database.down = true;
    // Current: no amount of time (or database outage) makes it refuse now.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refusal(sync)).toBeNull();
  });
});
