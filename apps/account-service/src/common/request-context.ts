import type { Actor } from '@charter/events';

/** Who asked for a change and how to trace it: goes to the audit row and the event envelope. */
export interface RequestContext {
  readonly actor: Actor;
  /** The HTTP request id; null when the service acts on its own (bootstrap). */
  readonly requestId: string | null;
  /** `X-Correlation-Id` when the caller sent a usable one, else the request id. */
  readonly correlationId: string;
}

/** The service acting on its own behalf, e.g. `systemContext('bootstrap')`. */
export function systemContext(id: string, correlationId: string): RequestContext {
  return { actor: { type: 'system', id }, requestId: null, correlationId };
}
