import { Injectable } from '@nestjs/common';
import type { EnforcementOutcome } from '../refusals.js';

/**
 * How many requests each outcome had on this instance since it started: the one place every
 * refusal of the package is reported (a Prometheus collector or the usage meter reads it).
 * In memory, no I/O: one map increment per request.
 */
@Injectable()
export class EnforcementOutcomes {
  private readonly counts = new Map<EnforcementOutcome, number>();

  record(outcome: EnforcementOutcome): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
  }

  /** The counts so far, by outcome (outcomes never seen are absent). */
  snapshot(): ReadonlyMap<EnforcementOutcome, number> {
    return new Map(this.counts);
  }
}
