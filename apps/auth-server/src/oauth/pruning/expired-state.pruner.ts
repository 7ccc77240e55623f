import { Injectable, Logger } from '@nestjs/common';
import { Clock, PeriodicPruner } from '@charter/service-kit';
import { AuthServerConfig, MAX_ACCESS_TOKEN_TTL } from '../../config/auth-server.config.js';
import { throttleMemorySeconds } from '../../users/login-lockout.js';
import { LoginThrottleRepository } from '../../users/login-throttle.repository.js';
import { AuthorizationCodesRepository } from '../authorize/authorization-codes.repository.js';
import { ConsentsRepository } from '../authorize/consents.repository.js';
import { UsedDpopProofsRepository } from '../dpop/used-dpop-proofs.repository.js';
import { PushedRequestsRepository } from '../par/pushed-requests.repository.js';
import { LoginSessionsRepository } from '../session/login-sessions.repository.js';
import { TokenFamiliesRepository } from '../token/token-families.repository.js';

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
  readonly dpopProofs: number;
  readonly pushedRequests: number;
}

/**
 * What the login page and the user grants keep matters only for a while: every instance
 * forgets expired or ended SSO sessions, old codes, expired refresh tokens and the families
 * left empty, lock-out rows quiet for longer than they remember, and the consents of deleted users and clients.
 */
@Injectable()
export class ExpiredStatePruner extends PeriodicPruner<PrunedState | null> {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly sessions: LoginSessionsRepository,
    private readonly codes: AuthorizationCodesRepository,
    private readonly families: TokenFamiliesRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly consents: ConsentsRepository,
    private readonly dpopProofs: UsedDpopProofsRepository,
    private readonly pushedRequests: PushedRequestsRepository,
    private readonly clock: Clock,
  ) {
    super(new Logger('ExpiredStatePruner'), 'expired login and grant state', null);
  }

  protected async pruneOnce(): Promise<PrunedState> {
    const now = this.clock.now();
    const sessions = await this.sessions.pruneExpired(now);
    const codes = await this.codes.pruneExpired(
      new Date(now.getTime() - CODE_RETENTION_SECONDS * 1000),
    );
    const { refreshTokens, families } = await this.families.pruneExpired(now);
    const throttles = await this.throttles.pruneExpired(throttleMemorySeconds(this.config), now);
    const consents = await this.consents.pruneOrphaned();
    const dpopProofs = await this.dpopProofs.pruneExpired(now);
    const pushedRequests = await this.pushedRequests.pruneExpired(now);
    return {
      sessions,
      codes,
      refreshTokens,
      families,
      throttles,
      consents,
      dpopProofs,
      pushedRequests,
    };
  }
}
