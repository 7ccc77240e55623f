import { Clock, PeriodicPruner } from '@charter/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { RevocationListRepository } from './revocation-list.repository.js';

/** A revocation matters until the token expires; after that the signature check refuses it alone. */
@Injectable()
export class RevocationListPruner extends PeriodicPruner<number> {
  constructor(
    private readonly revocations: RevocationListRepository,
    private readonly clock: Clock,
  ) {
    super(new Logger(RevocationListPruner.name), 'expired revocations', 0);
  }

  protected pruneOnce(): Promise<number> {
    return this.revocations.pruneExpired(this.clock.now());
  }
}
