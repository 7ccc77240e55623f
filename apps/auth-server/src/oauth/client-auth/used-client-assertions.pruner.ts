import { Injectable, Logger } from '@nestjs/common';
import { Clock, PeriodicPruner } from '@charter/service-kit';
import { UsedClientAssertionsRepository } from './used-client-assertions.repository.js';

/** A used assertion matters only until it expires; every instance forgets the old ones now and then. */
@Injectable()
export class UsedClientAssertionsPruner extends PeriodicPruner<number> {
  constructor(
    private readonly assertions: UsedClientAssertionsRepository,
    private readonly clock: Clock,
  ) {
    super(new Logger('UsedClientAssertionsPruner'), 'expired client assertions', 0);
  }

  protected pruneOnce(): Promise<number> {
    return this.assertions.pruneExpired(this.clock.now());
  }
}
