import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@charter/auth';
import type { RequestContext } from './request-context.js';

/** What a correlation id may look like; anything else is ignored (never echoed into logs or events). */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface AuthenticatedRequest {
  readonly id: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly user?: Principal;
}

export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  if (!request.user) {
    throw new Error('ChangeContext used on a route without an authenticated principal');
  }
  const requestId = String(request.id);
  const header = request.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && ACCEPTABLE_CORRELATION_ID.test(header) ? header : requestId;
  return { actor: { type: 'client', id: request.user.clientId }, requestId, correlationId };
}

/** The actor (the token's client), request id and correlation id of an admin write. */
export const ChangeContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext =>
    requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
