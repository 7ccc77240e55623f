import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { UsedClientAssertionsRepository } from './used-client-assertions.repository.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** A used assertion matters only until it expires; every instance forgets the old ones now and then. */
@Injectable()
export class UsedClientAssertionsPruner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('UsedClientAssertionsPruner');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly assertions: UsedClientAssertionsRepository,
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

  /** Deletes expired assertions; never throws (the next run tries again). */
  async prune(): Promise<number> {
    try {
      const pruned = await this.assertions.pruneExpired(this.clock.now());
      this.logger.debug({ pruned }, 'expired client assertions pruned');
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning client assertions failed');
      return 0;
    }
  }
}
