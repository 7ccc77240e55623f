import type { Principal } from '@charter/auth';
import { Clock, ProblemException } from '@charter/service-kit';
import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AccessState } from './domain/access-state.js';
import { type Bucket, take } from './domain/token-bucket.js';

/** The little of Fastify's request and reply this needs (fastify is not a direct dependency). */
interface LimitedRequest {
  readonly user?: Principal;
}
interface LimitedReply {
  headers(values: Record<string, string>): unknown;
}

/**
 * A contract's rate limit (requests per minute), with a token bucket per contract in this
 * instance's memory: behind a balancer with N instances, a contract gets up to N times its
 * limit. Runs after the guards, so only requests that were let in count. Answers 429
 * `rate_limited` with Retry-After; every limited response carries the RateLimit-Limit,
 * RateLimit-Remaining and RateLimit-Reset fields (draft-ietf-httpapi-ratelimit-headers).
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  /** contract id → bucket; as many as there are limited contracts in use. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly state: AccessState,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const caller = http.getRequest<LimitedRequest>().user;
    const contractId = caller?.contractId;
    const limit =
      contractId === undefined
        ? null
        : (this.state.contract(contractId)?.requestsPerMinute ?? null);
    if (contractId === undefined || limit === null) {
      return next.handle();
    }
    const decision = take(this.buckets.get(contractId), limit, this.clock.now().getTime());
    this.buckets.set(contractId, decision.bucket);
    const headers = {
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(decision.remaining),
      'ratelimit-reset': String(decision.resetSeconds),
    };
    if (!decision.allowed) {
      throw new ProblemException({
        status: 429,
        code: 'rate_limited',
        title: 'Rate limited',
        detail: `Your contract allows ${limit} requests per minute; try again in ${decision.retryAfterSeconds} s.`,
        headers: {
          ...headers,
          'ratelimit-reset': String(decision.retryAfterSeconds),
          'retry-after': String(decision.retryAfterSeconds),
        },
      });
    }
    http.getResponse<LimitedReply>().headers(headers);
    return next.handle();
  }
}
