import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { RevokedTokensRepository } from './revoked-tokens.repository.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** A revocation matters only until the token expires; every instance forgets the old ones now and then. */
@Injectable()
export class RevokedTokensPruner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('RevokedTokensPruner');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly revocations: RevokedTokensRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      void this.prune();
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Deletes the revocations of expired tokens; never throws (the next run tries again). */
  async prune(): Promise<number> {
    try {
      const pruned = await this.revocations.pruneExpired(this.clock.now());
      this.logger.debug({ pruned }, 'expired revocations pruned');
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning revocations failed');
      return 0;
    }
  }
}
