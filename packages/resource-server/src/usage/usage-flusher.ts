import { randomUUID } from 'node:crypto';
import {
  MAX_USAGE_COUNTS_PER_BATCH,
  NatsConnection,
  USAGE_STREAM,
  type UsageCount,
  UsageRecorded,
} from '@charter/events';
import { Clock } from '@charter/service-kit';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  RESOURCE_SERVER_SETTINGS,
  type ResourceServerSettings,
} from '../resource-server.options.js';
import { chunk } from './domain/usage-tally.js';
import { UsageMeter } from './usage-meter.js';

/** A batch signed and ready to publish; kept as bytes so a retry publishes exactly the same message. */
interface SignedBatch {
  readonly id: string;
  readonly body: Uint8Array;
  readonly signature: string;
  readonly counts: number;
}

/**
 * Unpublished batches kept while NATS is unreachable (at most 1 000 counts each); past that the
 * oldest are dropped, logged with how many counts were lost.
 */
const MAX_PENDING_BATCHES = 1_000;

/**
 * Publishes the usage meter's counts to JetStream (`usage.batch.recorded`, stream USAGE) every
 * `USAGE_FLUSH_INTERVAL_MS`, and once more on graceful shutdown. Each batch is signed with this
 * API's event key (the `content-api` role) and published with its id as `Nats-Msg-Id`; a batch
 * whose publish failed is retried, byte for byte, at the next flush, so JetStream stores it once
 * (within its duplicate window) and the account service counts it once (it keeps the id).
 *
 * What a crash loses: the counts of the current interval (at most one interval's worth), and
 * batches still unpublished because NATS was down.
 */
@Injectable()
export class UsageFlusher
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger(UsageFlusher.name);
  /** This process, in each batch: tells an operator which instance counted what. */
  readonly instanceId = randomUUID();
  private pending: SignedBatch[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  /** Batches published since start (tests and metrics read it). */
  published = 0;

  constructor(
    private readonly meter: UsageMeter,
    private readonly nats: NatsConnection,
    private readonly clock: Clock,
    @Inject(RESOURCE_SERVER_SETTINGS) private readonly settings: ResourceServerSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.nats.ensureStream(USAGE_STREAM);
    this.timer = setInterval(() => void this.flush(), this.settings.usageFlushIntervalMs);
    this.timer.unref();
  }

  /** The last flush runs before the NATS connection drains (onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Drains the meter into signed batches and publishes every batch not published yet. One at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    const { counts, dropped } = this.meter.drain();
    if (dropped > 0) {
      this.logger.warn({ dropped }, 'usage meter full: requests left uncounted this interval');
    }
    for (const part of chunk(counts, MAX_USAGE_COUNTS_PER_BATCH)) {
      this.pending.push(await this.sign(part));
    }
    this.dropOverflow();
    while (this.pending.length > 0) {
      const batch = this.pending[0] as SignedBatch;
      try {
        await this.nats.publishEncoded(UsageRecorded.subject, batch, batch.id);
      } catch (error) {
        this.logger.warn(
          { err: error, pendingBatches: this.pending.length },
          'usage batch not published; retrying at the next flush',
        );
        return;
      }
      this.pending.shift();
      this.published += 1;
    }
  }

  private async sign(counts: UsageCount[]): Promise<SignedBatch> {
    const id = randomUUID();
    const envelope = {
      ...UsageRecorded.create(
        { id, api: this.settings.name, instanceId: this.instanceId, counts },
        1,
        {
          actor: { type: 'system', id: this.settings.name },
          correlationId: id,
          occurredAt: this.clock.now(),
        },
      ),
      // The batch id is the event id too: one id from the meter to the account service's row.
      id,
    };
    const { body, signature } = await this.nats.security.encode(envelope);
    return { id, body, signature, counts: counts.length };
  }

  private dropOverflow(): void {
    const overflow = this.pending.length - MAX_PENDING_BATCHES;
    if (overflow > 0) {
      const lost = this.pending.splice(0, overflow);
      this.logger.error(
        { batches: lost.length, counts: lost.reduce((sum, batch) => sum + batch.counts, 0) },
        'usage batches dropped: NATS unreachable for too long',
      );
    }
  }
}
