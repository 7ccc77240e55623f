import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { type Metrics, type Sample, TransactionRunner } from '@charter/service-kit';
import { DataSource } from 'typeorm';
import type { EventEnvelope } from '../envelope.js';
import { NatsConnection } from '../nats/nats-connection.js';
import { OutboxMessage } from './outbox-message.entity.js';

export interface OutboxRelayOptions {
  readonly streams: ReadonlyArray<{ name: string; subjects: readonly string[] }>;
  /** How often the outbox is polled when no commit woke the relay. */
  readonly pollIntervalMs: number;
  readonly batchSize: number;
  /** Published rows older than this are pruned. */
  readonly retentionMs: number;
}

/**
 * The advisory lock that lets one instance relay at a time, in order. Keyed by the outbox
 * table (`accounts.outbox`, `auth.outbox`): services share one database, and one service's
 * relay must not make another's wait for its next poll.
 */
const relayLockName = (tablePath: string): string => `charter:outbox-relay:${tablePath}`;
const MAX_BACKOFF_MS = 5_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Publishes outbox rows to JetStream in commit order, with `Nats-Msg-Id` = event id
 * so a publish repeated after a crash is stored once. Woken by every commit, and
 * by a timer; backs off while NATS is unreachable.
 *
 * Here, off the request path, each event gets its protection for the bus: the fields its
 * definition declares sealed are encrypted to their reader, and the exact bytes published are
 * signed with this service's event key (`Charter-Signature`, see EventSecurity).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private timer?: NodeJS.Timeout;
  private running = false;
  private rerun = false;
  private stopped = false;
  private failures = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private lastPrune = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly nats: NatsConnection,
    tx: TransactionRunner,
    private readonly options: OutboxRelayOptions,
    metrics?: Metrics,
  ) {
    tx.onCommit(() => this.kick());
    metrics?.observe(
      'charter_outbox_depth',
      'Outbox rows not yet published to JetStream',
      ['outbox'],
      async () => (await this.backlog()).depth,
    );
    metrics?.observe(
      'charter_outbox_oldest_age_seconds',
      'Age of the oldest outbox row not yet published (0 when none waits)',
      ['outbox'],
      async () => (await this.backlog()).age,
    );
  }

  /** What waits to be published, for the metrics (one query per scrape and gauge). */
  private async backlog(): Promise<{ depth: Sample<'outbox'>[]; age: Sample<'outbox'>[] }> {
    const outbox = this.dataSource.getMetadata(OutboxMessage).tablePath;
    const row = await this.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .select('count(*)::int', 'depth')
      .addSelect('coalesce(extract(epoch from now() - min(m.created_at)), 0)::float8', 'age')
      .where('m.published_at IS NULL')
      .getRawOne<{ depth: number; age: number }>();
    return {
      depth: [{ labels: { outbox }, value: row?.depth ?? 0 }],
      age: [{ labels: { outbox }, value: row?.age ?? 0 }],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const stream of this.options.streams) {
      await this.nats.ensureStream(stream);
    }
    this.schedule(0);
  }

  /**
   * Lets a batch under way finish (and be marked sent) before the connections close: Nest runs
   * every `beforeApplicationShutdown` before the pool and the NATS connection close.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /** Publish soon: something was just committed. */
  kick(): void {
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.inFlight = this.drain();
    }, delayMs);
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) {
      return;
    }
    this.running = true;
    let delay = this.options.pollIntervalMs;
    try {
      do {
        this.rerun = false;
        while ((await this.publishBatch()) === this.options.batchSize) {
          // a full batch: more may be waiting
        }
      } while (this.rerun);
      this.failures = 0;
      await this.pruneIfDue();
    } catch (error) {
      this.failures += 1;
      delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures);
      this.logger.warn({ err: error, retryInMs: delay }, 'outbox relay failed; retrying');
    } finally {
      this.running = false;
      this.schedule(this.rerun ? 0 : delay);
    }
  }

  /** Publishes one batch under the relay lock; returns how many rows it published. */
  private publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      const [lock] = await em.query<Array<{ locked: boolean }>>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        [relayLockName(this.dataSource.getMetadata(OutboxMessage).tablePath)],
      );
      if (!lock?.locked) {
        return 0;
      }
      const rows = await em
        .getRepository(OutboxMessage)
        .createQueryBuilder('m')
        .where('m.published_at IS NULL')
        .orderBy('m.position', 'ASC')
        .limit(this.options.batchSize)
        .getMany();
      for (const row of rows) {
        const encoded = await this.nats.security.encode(row.envelope as EventEnvelope);
        await this.nats.publishEncoded(row.subject, encoded, row.id);
      }
      if (rows.length > 0) {
        await em
          .createQueryBuilder()
          .update(OutboxMessage)
          .set({ publishedAt: () => 'now()' })
          .whereInIds(rows.map((row) => row.position))
          .execute();
      }
      return rows.length;
    });
  }

  private async pruneIfDue(): Promise<void> {
    if (Date.now() - this.lastPrune < PRUNE_EVERY_MS) {
      return;
    }
    this.lastPrune = Date.now();
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboxMessage)
      .where('published_at < :before', { before: new Date(Date.now() - this.options.retentionMs) })
      .execute();
  }
}
