import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig, MAX_ACCESS_TOKEN_TTL } from '../../config/auth-server.config.js';
import { LoginThrottleRepository } from '../../users/login-throttle.repository.js';
import { AuthorizationCodesRepository } from '../authorize/authorization-codes.repository.js';
import { ConsentsRepository } from '../authorize/consents.repository.js';
import { LoginSessionsRepository } from '../session/login-sessions.repository.js';
import { TokenFamiliesRepository } from '../token/token-families.repository.js';

const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * An expired code is kept this long (seconds) so that a late reuse still revokes what it
 * issued (RFC 6749 §4.1.2) while an access token of its family may live.
 */
export const CODE_RETENTION_SECONDS = MAX_ACCESS_TOKEN_TTL;

export interface PrunedState {
  readonly sessions: number;
  readonly codes: number;
  readonly refreshTokens: number;
  readonly families: number;
  readonly throttles: number;
  readonly consents: number;
}

/**
 * What the login page and the user grants keep matters only for a while: every instance
 * forgets expired or ended SSO sessions, old codes, expired refresh tokens and the families
 * left empty, lock-out rows past their window, and the consents of deleted users and clients.
 * Every statement is idempotent, so instances pruning at once only repeat each other.
 */
@Injectable()
export class ExpiredStatePruner implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ExpiredStatePruner');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AuthServerConfig,
    private readonly sessions: LoginSessionsRepository,
    private readonly codes: AuthorizationCodesRepository,
    private readonly families: TokenFamiliesRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly consents: ConsentsRepository,
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

  /** Deletes what has expired by now; never throws (the next run tries again). */
  async prune(): Promise<PrunedState | null> {
    try {
      const now = this.clock.now();
      const sessions = await this.sessions.pruneExpired(now);
      const codes = await this.codes.pruneExpired(
        new Date(now.getTime() - CODE_RETENTION_SECONDS * 1000),
      );
      const { refreshTokens, families } = await this.families.pruneExpired(now);
      const throttles = await this.throttles.pruneExpired(this.config.LOGIN_LOCK_SECONDS, now);
      const consents = await this.consents.pruneOrphaned();
      const pruned = { sessions, codes, refreshTokens, families, throttles, consents };
      this.logger.debug(pruned, 'expired login and grant state pruned');
      return pruned;
    } catch (error) {
      this.logger.warn({ err: error }, 'pruning expired login and grant state failed');
      return null;
    }
  }
}
