import { Clock, PeriodicPruner } from '@charter/service-kit';
import { Injectable, Logger } from '@nestjs/common';
import { SharedDpopReplayCache } from './shared-dpop-replay-cache.js';

/** A spent proof matters only while its `iat` window lasts; then the age check refuses it alone. */
@Injectable()
export class UsedDpopProofsPruner extends PeriodicPruner<number> {
  constructor(
    private readonly proofs: SharedDpopReplayCache,
    private readonly clock: Clock,
  ) {
    super(new Logger(UsedDpopProofsPruner.name), 'spent DPoP proofs', 0);
  }

  protected pruneOnce(): Promise<number> {
    return this.proofs.pruneExpired(this.clock.now());
  }
}
