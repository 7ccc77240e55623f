import { Clock } from '@charter/service-kit';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { RevocationListRepository } from './revocation-list.repository.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/** A revocation matters until the token expires; after that the signature check refuses it alone. */
@Injectable()
export class RevocationListPruner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RevocationListPruner.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly revocations: RevocationListRepository,
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

  /** Deletes the entries of expired tokens; never throws (the next run tries again). */
  async prune(): Promise<number> {
    try {
      return await this.revocations.pruneExpired(this.clock.now());
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning the revocation list failed');
      return 0;
    }
  }
}
