import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@charter/auth';
import { idempotentRequest, type IdempotentRequest } from './domain/idempotent-request.js';

interface Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body?: unknown;
  readonly user?: Principal;
}

/**
 * The request's `Idempotency-Key` with its fingerprint, or null without one.
 * Throws InvalidIdempotencyKey (400) for a malformed key. `secretMembers` (body
 * members such as `password`) are left out of the fingerprint; the service binds
 * them back in with `withSecretDigest`.
 */
export const IdempotencyKey = createParamDecorator(
  (
    secretMembers: readonly string[] | undefined,
    context: ExecutionContext,
  ): IdempotentRequest | null => {
    const request = context.switchToHttp().getRequest<Request>();
    if (!request.user) {
      throw new Error('IdempotencyKey used on a route without an authenticated principal');
    }
    const header = request.headers['idempotency-key'];
    return idempotentRequest(
      Array.isArray(header) ? header.join(',') : header,
      // Per subject: the client for client tokens, the user for user tokens (two users
      // of one portal never share keys).
      request.user.subject,
      request.method,
      request.url.split('?')[0] ?? request.url,
      request.body,
      secretMembers ?? [],
    );
  },
);
