import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Observable, tap } from 'rxjs';
import { replayedStatus } from '../idempotency/replayed.js';
import { entityTag } from './domain/version-precondition.js';

/** The part of Fastify's reply this needs. */
interface Reply {
  header(name: string, value: string): unknown;
  status(code: number): Reply;
}

/**
 * Headers that follow from a successful answer's body:
 * - `ETag` (strong, RFC 9110 §8.8.3) on every single-resource answer, i.e. every
 *   body with the aggregate's `version`; `If-Match` takes it back;
 * - for an `Idempotency-Key` replay, the stored status and `Idempotency-Replayed: true`.
 */
@Injectable()
export class ResponseHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<Reply>();
    return next.handle().pipe(
      tap((body: unknown) => {
        if (body === null || typeof body !== 'object') {
          return;
        }
        const version = (body as { version?: unknown }).version;
        if (typeof version === 'number' && Number.isInteger(version)) {
          reply.header('ETag', entityTag(version));
        }
        const replayed = replayedStatus(body);
        if (replayed !== undefined) {
          reply.status(replayed).header('Idempotency-Replayed', 'true');
        }
      }),
    );
  }
}
