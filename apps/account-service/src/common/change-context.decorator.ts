import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@charter/auth';
import type { Actor } from '@charter/events';
import type { Caller } from '../access/domain/access-policy.js';
import type { RequestContext } from './request-context.js';

/** What a correlation id may look like; anything else is ignored (never echoed into logs or events). */
const ACCEPTABLE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

interface AuthenticatedRequest {
  readonly id: string;
  /** Fastify's client address: the peer, or what a trusted proxy says (TRUSTED_PROXIES). */
  readonly ip?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly user?: Principal;
  /** Set by AccountsAccessGuard. */
  readonly caller?: Caller;
}

/** The request id and correlation id of a request, whoever made it. */
export interface Trace {
  readonly requestId: string;
  readonly correlationId: string;
  readonly sourceAddress: string | null;
}

function traceOf(request: AuthenticatedRequest): Trace {
  const requestId = String(request.id);
  const header = request.headers['x-correlation-id'];
  const correlationId =
    typeof header === 'string' && ACCEPTABLE_CORRELATION_ID.test(header) ? header : requestId;
  return { requestId, correlationId, sourceAddress: request.ip ?? null };
}

export function requestContextOf(request: AuthenticatedRequest): RequestContext {
  if (!request.user) {
    throw new Error('ChangeContext used on a route without an authenticated principal');
  }
  // A person acts as themselves (through the client of their token); a machine as the client.
  const person = request.caller?.person ?? null;
  const actor: Actor =
    person === null
      ? { type: 'client', id: request.user.clientId }
      : { type: 'user', id: person.userId };
  return {
    actor,
    actorEmail: person?.email ?? null,
    clientId: request.user.clientId,
    ...traceOf(request),
  };
}

/** Who made an admin write (the person, or the token's client), from where, and its request ids. */
export const ChangeContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestContext =>
    requestContextOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The request and correlation ids of a public route (no principal): the service names the actor. */
export const RequestTrace = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Trace =>
    traceOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);
