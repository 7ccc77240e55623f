import type { Principal } from '@charter/auth';
import { IS_PUBLIC_KEY, ProblemException } from '@charter/service-kit';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CallerCoverage } from './caller-coverage.js';
import { ContractRateLimiter, type RateLimitDecision } from './contract-rate-limiter.js';
import { DATASETS_KEY } from './datasets.decorator.js';
import { covers } from './domain/coverage.js';
import { EnforcementOutcomes } from './enforcement-outcomes.js';

/** The little of Fastify's request and reply this needs (fastify is not a direct dependency). */
interface EnforcedRequest {
  readonly user?: Principal;
}
interface EnforcedReply {
  headers(values: Record<string, string>): unknown;
}

/**
 * What the contract adds once `@charter/auth` let the token in (its token and scope guards run
 * first: this guard is registered after them, so only requests that were let in count): the
 * route's `@Datasets()` must be covered (403 `dataset_not_covered`), then the contract's rate
 * limit is taken (429 `rate_limited` with Retry-After). Global: every route that needs a token
 * is enforced, none can forget it. Every limited response carries RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset (draft-ietf-httpapi-ratelimit-headers). A token
 * without contract (an individual user's) has neither.
 */
@Injectable()
export class ContractEnforcementGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly coverage: CallerCoverage,
    private readonly limiter: ContractRateLimiter,
    private readonly outcomes: EnforcementOutcomes,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) {
      return true;
    }
    const http = context.switchToHttp();
    const caller = http.getRequest<EnforcedRequest>().user;
    if (caller?.contractId === undefined) {
      this.outcomes.record('served');
      return true;
    }
    const datasets = this.reflector.getAllAndOverride<string[] | undefined>(DATASETS_KEY, targets);
    if (datasets !== undefined && !covers(this.coverage.of(caller), datasets)) {
      this.outcomes.record('dataset_not_covered', caller, datasets);
      throw datasetNotCovered(datasets);
    }
    const decision = this.limiter.take(caller.contractId);
    if (decision === null) {
      this.outcomes.record('served', caller, datasets);
      return true;
    }
    if (!decision.allowed) {
      this.outcomes.record('rate_limited', caller, datasets);
      throw rateLimited(decision);
    }
    this.outcomes.record('served', caller, datasets);
    http.getResponse<EnforcedReply>().headers(rateLimitFields(decision));
    return true;
  }
}

function rateLimitFields(decision: RateLimitDecision): Record<string, string> {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
}

function rateLimited(decision: RateLimitDecision): ProblemException {
  return new ProblemException({
    status: 429,
    code: 'rate_limited',
    title: 'Rate limited',
    detail: `Your contract allows ${decision.limit} requests per minute; try again in ${decision.retryAfterSeconds} s.`,
    headers: {
      ...rateLimitFields(decision),
      'ratelimit-reset': String(decision.retryAfterSeconds),
      'retry-after': String(decision.retryAfterSeconds),
    },
  });
}

function datasetNotCovered(datasets: readonly string[]): ProblemException {
  return new ProblemException({
    status: 403,
    code: 'dataset_not_covered',
    title: 'Dataset not covered',
    detail: `Your contract does not cover the ${datasets.join(' or ')} dataset.`,
  });
}
