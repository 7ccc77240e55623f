import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import {
  IDEMPOTENCY_KEY_TTL_MS,
  type IdempotentRequest,
  replayFor,
} from './domain/idempotent-request.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { markReplayed } from './replayed.js';

/** How often expired keys are deleted (a lookup ignores them anyway). */
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Runs a create at most once per (client, Idempotency-Key) within 24 hours, inside
 * the create's transaction. The key row is inserted first: a concurrent retry with
 * the same key waits on it, then replays once the first commits (or proceeds if it
 * rolled back), so a retried POST never creates twice.
 */
@Injectable()
export class IdempotencyStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('IdempotencyStore');
  private pruneTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * `work` when the key is new (or absent), storing `stored(result)` under it; the
   * stored answer, marked as replayed, when it is not. Throws IdempotencyKeyReused
   * when the key was used for another request.
   */
  async once<T extends object>(
    em: EntityManager,
    request: IdempotentRequest | null,
    status: number,
    work: () => Promise<T>,
    stored: (result: T) => object = (result) => result,
  ): Promise<T> {
    if (request === null) {
      return work();
    }
    const now = this.clock.now();
    const where = { clientId: request.clientId, key: request.key };
    await em.delete(IdempotencyKeyEntity, { ...where, expiresAt: LessThanOrEqual(now) });
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(IdempotencyKeyEntity)
      .values({
        ...where,
        fingerprint: request.fingerprint,
        status: 0,
        response: null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS),
      })
      .orIgnore()
      .returning(['key'])
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      const existing = await em.findOneByOrFail(IdempotencyKeyEntity, where);
      const replay = replayFor(request, {
        fingerprint: existing.fingerprint,
        status: existing.status,
        body: existing.response ?? {},
      }); // throws IdempotencyKeyReused
      return markReplayed(replay.body, replay.status) as T;
    }
    const result = await work();
    await em.update(IdempotencyKeyEntity, where, { status, response: stored(result) });
    return result;
  }

  onModuleInit(): void {
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.pruneTimer);
  }

  private async prune(): Promise<void> {
    try {
      await this.dataSource.manager.delete(IdempotencyKeyEntity, {
        expiresAt: LessThanOrEqual(this.clock.now()),
      });
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning expired idempotency keys failed; retried later');
    }
  }
}
