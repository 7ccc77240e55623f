import type { Principal } from '@charter/auth';
import { type Counter, Metrics } from '@charter/service-kit';
import { Injectable, Optional } from '@nestjs/common';
import type { EnforcementOutcome } from '../refusals.js';
import { UsageMeter } from '../usage/usage-meter.js';

/**
 * How many requests each outcome had on this instance since it started: the one place every
 * refusal of the package is reported, counted in memory (one map increment per request) and, with
 * the app's Metrics, as `charter_enforcement_outcomes_total{outcome}`; the usage meter counts it per
 * contract, client and dataset when the caller is known. No I/O.
 */
@Injectable()
export class EnforcementOutcomes {
  private readonly counts = new Map<EnforcementOutcome, number>();
  private readonly counter?: Counter<'outcome'>;

  constructor(
    @Optional() private readonly meter?: UsageMeter,
    @Optional() metrics?: Metrics,
  ) {
    this.counter = metrics?.counter(
      'charter_enforcement_outcomes_total',
      'Requests that reached contract enforcement, by outcome: served, or the refusal reason',
      ['outcome'],
    );
  }

  /**
   * `caller` (when the token was verified) and the route's `datasets` feed the usage meter, which
   * counts per contract, client, dataset and outcome.
   */
  record(outcome: EnforcementOutcome, caller?: Principal, datasets?: readonly string[]): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    if (caller !== undefined) {
      this.meter?.record(outcome, caller, datasets);
    }
    this.counter?.inc({ outcome });
  }

  /** The counts so far, by outcome (outcomes never seen are absent). */
  snapshot(): ReadonlyMap<EnforcementOutcome, number> {
    return new Map(this.counts);
  }
}
