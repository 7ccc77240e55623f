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
      this.revocations.pruneExpired(this.clock.now()).then(
        (pruned) => this.logger.debug({ pruned }, 'expired revocations pruned'),
        (error: unknown) => this.logger.warn({ err: error }, 'pruning revocations failed'),
      );
    }, PRUNE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
