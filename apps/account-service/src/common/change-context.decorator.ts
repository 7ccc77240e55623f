import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@charter/auth';
import type { Actor } from '@charter/events';
import type { Caller } from '../access/domain/access-policy.js';
import type { RequestContext } from './request-context.js';

/** What a correlation id may look like; anything else is ignored (never echoed into logs or events). */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface AuthenticatedRequest {
  readonly id: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly user?: Principal;
  /** Set by AccountsAccessGuard. */
  readonly caller?: Caller;
}

/** The request id and correlation id of a request, whoever made it. */
export interface Trace {
  readonly requestId: string;
  readonly correlationId: string;
}

function traceOf(request: AuthenticatedRequest): Trace {
  const requestId = String(request.id);
  const header = request.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && ACCEPTABLE_CORRELATION_ID.test(header) ? header : requestId;
  return { requestId, correlationId };
}

export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  if (!request.user) {
    throw new Error('ChangeContext used on a route without an authenticated principal');
  }
  // An enterprise admin acts as themselves (through their portal's client); anyone else as the client.
  const actor: Actor =
    request.caller?.kind === 'enterprise-admin'
      ? { type: 'user', id: request.caller.userId }
      : { type: 'client', id: request.user.clientId };
  return { actor, ...traceOf(request) };
}

/** The actor (the token's client), request id and correlation id of an admin write. */
export const ChangeContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext =>
    requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The request and correlation ids of a public route (no principal): the service names the actor. */
export const RequestTrace = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Trace =>
    traceOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
