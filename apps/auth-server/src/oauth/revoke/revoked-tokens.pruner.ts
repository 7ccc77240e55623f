import { Injectable, Logger } from '@nestjs/common';
import { Clock, PeriodicPruner } from '@charter/service-kit';
import { RevokedTokensRepository } from './revoked-tokens.repository.js';

/** A revocation matters only until the token expires; every instance forgets the old ones now and then. */
@Injectable()
export class RevokedTokensPruner extends PeriodicPruner<number> {
  constructor(
    private readonly revocations: RevokedTokensRepository,
    private readonly clock: Clock,
  ) {
    super(new Logger('RevokedTokensPruner'), 'expired revocations', 0);
  }

  protected pruneOnce(): Promise<number> {
    return this.revocations.pruneExpired(this.clock.now());
  }
}
