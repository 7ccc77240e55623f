import type { Principal } from '@charter/auth';
import { ProblemException } from '@charter/service-kit';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ContractRateLimiter } from './contract-rate-limiter.js';

/** The little of Fastify's request and reply this needs (fastify is not a direct dependency). */
interface LimitedRequest {
  readonly user?: Principal;
}
interface LimitedReply {
  headers(values: Record<string, string>): unknown;
}

/**
 * Applies the caller's contract rate limit (`ContractRateLimiter`). Used on the data
 * controllers, so it runs after the global token and scope guards of `@charter/auth` and only
 * requests that were let in count. A guard rather than an interceptor: no observable chain
 * per request. Answers 429 `rate_limited` with Retry-After; every limited response carries
 * the RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset fields
 * (draft-ietf-httpapi-ratelimit-headers).
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly limiter: ContractRateLimiter) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const contractId = http.getRequest<LimitedRequest>().user?.contractId;
    const decision = contractId === undefined ? null : this.limiter.take(contractId);
    if (decision === null) {
      return true;
    }
    const headers = {
      'ratelimit-limit': String(decision.limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': String(decision.resetSeconds),
    };
    if (!decision.allowed) {
      throw new ProblemException({
        status: 429,
        code: 'rate_limited',
        title: 'Rate limited',
        detail: `Your contract allows ${decision.limit} requests per minute; try again in ${decision.retryAfterSeconds} s.`,
        headers: {
          ...headers,
          'ratelimit-reset': String(decision.retryAfterSeconds),
          'retry-after': String(decision.retryAfterSeconds),
        },
      });
    }
    http.getResponse<LimitedReply>().headers(headers);
    return true;
  }
}
