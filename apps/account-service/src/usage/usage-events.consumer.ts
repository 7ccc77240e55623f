import {
  type ConsumerSpec,
  DurableConsumer,
  type EventEnvelope,
  NatsConnection,
  USAGE_EVENTS,
  USAGE_STREAM,
  type UsageBatchState,
} from '@charter/events';
import { TransactionRunner } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { usageIncrements } from './domain/usage-window.js';
import { UsageRepository } from './usage.repository.js';

export const USAGE_DURABLE = 'account-service-usage';

/**
 * Keeps the usage every content API publishes (`usage.batch.recorded`), exactly once: the batch
 * id is claimed in the same transaction as its counts and the message is acknowledged after the
 * commit, so a batch delivered again (the consumer died between commit and ack, or a publisher
 * retried outside JetStream's duplicate window) finds its id and adds nothing. Only batches
 * signed by a content API key are applied (the base verifies before reading).
 */
@Injectable()
export class UsageEventsConsumer extends DurableConsumer {
  protected readonly spec: ConsumerSpec = {
    durableName: USAGE_DURABLE,
    stream: USAGE_STREAM,
    filterSubject: 'usage.>',
    events: USAGE_EVENTS,
  };

  /** Batches found already counted (tests read it). */
  duplicates = 0;

  constructor(
    nats: NatsConnection,
    tx: TransactionRunner,
    private readonly usage: UsageRepository,
  ) {
    super(nats, tx);
  }

  protected async apply(event: EventEnvelope, em: EntityManager): Promise<void> {
    // The base validated `data` against UsageRecorded's schema.
    const batch = event.data as UsageBatchState;
    if (!(await this.usage.claimBatch(em, batch))) {
      this.duplicates += 1;
      this.logger.log({ batchId: batch.id, api: batch.api }, 'usage batch already counted');
      return;
    }
    await this.usage.addCounts(em, usageIncrements(batch.api, batch.counts));
  }
}
