import type { Actor } from '@charter/events';

/** Who asked for a change and how to trace it: goes to the audit row and the event envelope. */
export interface RequestContext {
  readonly actor: Actor;
  /** The HTTP request id; null when the service acts on its own (bootstrap). */
  readonly requestId: string | null;
  /** `X-Correlation-Id` when the caller sent a usable one, else the request id. */
  readonly correlationId: string;
  /** The acting person's email (user actors), for the audit. */
  readonly actorEmail?: string | null;
  /** The OAuth client of the caller's token (the person's console, the machine admin). */
  readonly clientId?: string | null;
  /** The caller's address, through the trusted-proxy setting (TRUSTED_PROXIES). */
  readonly sourceAddress?: string | null;
  /** Why, as the caller said on a status change. */
  readonly reason?: string | null;
}

/** The context with the reason a status change's body gave (none: as it was). */
export function withReason(
  context: RequestContext,
  body: { readonly reason?: string } | undefined,
): RequestContext {
  return body?.reason === undefined ? context : { ...context, reason: body.reason };
}

/** The service acting on its own behalf, e.g. `systemContext('bootstrap')`. */
export function systemContext(id: string, correlationId: string): RequestContext {
  return { actor: { type: 'system', id }, requestId: null, correlationId };
}
