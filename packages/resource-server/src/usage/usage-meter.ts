import type { Principal } from '@charter/auth';
import type { UsageCount } from '@charter/events';
import { Clock } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';
import { AccessState } from '../access/domain/access-state.js';
import type { EnforcementOutcome } from '../refusals.js';
import { UsageTally } from './domain/usage-tally.js';

/** Distinct (minute, contract, client, dataset, outcome) keys held between two flushes. */
const MAX_KEYS_BETWEEN_FLUSHES = 100_000;

/**
 * Counts what the enforcement decided for each contract's requests, in memory (the request path
 * does no I/O): per minute, contract, client, dataset and outcome. `UsageFlusher` drains it on an
 * interval. Only requests naming a contract this instance knows are metered: there is nobody to
 * bill for the others (a user's token, an unknown contract id), and they cannot grow the tally.
 */
@Injectable()
export class UsageMeter {
  private readonly tally = new UsageTally(MAX_KEYS_BETWEEN_FLUSHES);

  constructor(
    private readonly state: AccessState,
    private readonly clock: Clock,
  ) {}

  /**
   * One request's outcome. `datasets` are the route's `@Datasets()`; the first is the one counted
   * (`''` for a route that names none, and for refusals decided before the route is known).
   */
  record(outcome: EnforcementOutcome, caller: Principal, datasets?: readonly string[]): void {
    const contractId = caller.contractId;
    if (contractId === undefined || this.state.contract(contractId) === undefined) {
      return;
    }
    this.tally.add(
      contractId,
      caller.clientId,
      datasets?.[0] ?? '',
      outcome,
      this.clock.now().getTime(),
    );
  }

  /** Everything counted since the last drain, and how many requests the key bound left out. */
  drain(): { readonly counts: UsageCount[]; readonly dropped: number } {
    return this.tally.drain();
  }
}
