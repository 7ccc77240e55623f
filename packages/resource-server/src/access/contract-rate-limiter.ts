import { Clock } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';
import { AccessState } from './domain/access-state.js';
import { type Bucket, type BucketDecision, take } from './domain/token-bucket.js';

/** A rate-limited request's decision, with the contract's limit (requests per minute). */
export interface RateLimitDecision extends BucketDecision {
  readonly limit: number;
}

/**
 * A contract's rate limit (requests per minute), with a token bucket per contract in this
 * instance's memory: behind a balancer with N instances, a contract gets up to N times its
 * limit. One instance per process (the buckets must be shared by every route).
 */
@Injectable()
export class ContractRateLimiter {
  /** contract id → bucket; as many as there are limited contracts in use. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly state: AccessState,
    private readonly clock: Clock,
  ) {}

  /** Takes one request from the contract's bucket; null when the contract has no limit. */
  take(contractId: string): RateLimitDecision | null {
    const limit = this.state.contract(contractId)?.requestsPerMinute ?? null;
    if (limit === null) {
      return null;
    }
    const decision = take(this.buckets.get(contractId), limit, this.clock.now().getTime());
    this.buckets.set(contractId, decision.bucket);
    return { ...decision, limit };
  }
}
