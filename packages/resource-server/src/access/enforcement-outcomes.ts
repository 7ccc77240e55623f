import type { Principal } from '@charter/auth';
import { Injectable, Optional } from '@nestjs/common';
import type { EnforcementOutcome } from '../refusals.js';
import { UsageMeter } from '../usage/usage-meter.js';

/**
 * How many requests each outcome had on this instance since it started: the one place every
 * refusal of the package is reported (a Prometheus collector or the usage meter reads it).
 * In memory, no I/O: one map increment per request, and the usage meter's when the caller is known.
 */
@Injectable()
export class EnforcementOutcomes {
  private readonly counts = new Map<EnforcementOutcome, number>();

  constructor(@Optional() private readonly meter?: UsageMeter) {}

  /**
   * `caller` (when the token was verified) and the route's `datasets` feed the usage meter, which
   * counts per contract, client, dataset and outcome.
   */
  record(outcome: EnforcementOutcome, caller?: Principal, datasets?: readonly string[]): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    if (caller !== undefined) {
      this.meter?.record(outcome, caller, datasets);
    }
  }

  /** The counts so far, by outcome (outcomes never seen are absent). */
  snapshot(): ReadonlyMap<EnforcementOutcome, number> {
    return new Map(this.counts);
  }
}
