import { type Counter, Metrics } from '@charter/service-kit';
import { Injectable, Optional } from '@nestjs/common';
import type { EnforcementOutcome } from '../refusals.js';

/**
 * How many requests each outcome had on this instance since it started: the one place every
 * refusal of the package is reported, counted in memory (one map increment per request) and, with
 * the app's Metrics, as `charter_enforcement_outcomes_total{outcome}` (the usage meter reads the
 * snapshot).
 */
@Injectable()
export class EnforcementOutcomes {
  private readonly counts = new Map<EnforcementOutcome, number>();
  private readonly counter?: Counter<'outcome'>;

  constructor(@Optional() metrics?: Metrics) {
    this.counter = metrics?.counter(
      'charter_enforcement_outcomes_total',
      'Requests that reached contract enforcement, by outcome: served, or the refusal reason',
      ['outcome'],
    );
  }

  record(outcome: EnforcementOutcome): void {
    this.counts.set(outcome, (this.counts.get(outcome) ?? 0) + 1);
    this.counter?.inc({ outcome });
  }

  /** The counts so far, by outcome (outcomes never seen are absent). */
  snapshot(): ReadonlyMap<EnforcementOutcome, number> {
    return new Map(this.counts);
  }
}
