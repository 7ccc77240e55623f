import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { replayedStatus } from '../idempotency/replayed.js';
import { entityTag, ifNoneMatchHits } from './domain/version-precondition.js';

/** The parts of Fastify's request and reply this needs. */
interface Request {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}
interface Reply {
  header(name: string, value: string): unknown;
  status(code: number): Reply;
}

/**
 * Headers that follow from a successful answer's body:
 * - `ETag` (strong, RFC 9110 §8.8.3) on every single-resource answer, i.e. every
 *   body with the aggregate's `version`; `If-Match` takes it back;
 * - on a GET whose `If-None-Match` names that tag, 304 Not Modified with no body
 *   (RFC 9110 §15.4.5), so a client that polls a resource pays only for changes;
 * - for an `Idempotency-Key` replay, the stored status and `Idempotency-Replayed: true`.
 */
@Injectable()
export class ResponseHeadersInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const reply = http.getResponse<Reply>();
    return next.handle().pipe(
      map((body: unknown) => {
        if (body === null || typeof body !== 'object') {
          return body;
        }
        const version = (body as { version?: unknown }).version;
        if (typeof version === 'number' && Number.isInteger(version)) {
          reply.header('ETag', entityTag(version));
          const ifNoneMatch = request.headers['if-none-match'];
          if (
            request.method === 'GET' &&
            ifNoneMatchHits(typeof ifNoneMatch === 'string' ? ifNoneMatch : undefined, version)
          ) {
            reply.status(304);
            return undefined;
          }
        }
        const replayed = replayedStatus(body);
        if (replayed !== undefined) {
          reply.status(replayed).header('Idempotency-Replayed', 'true');
        }
        return body;
      }),
    );
  }
}
