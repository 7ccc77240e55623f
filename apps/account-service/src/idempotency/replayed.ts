/** Marks a response body as a replay (not serialised: a symbol member). */
const REPLAYED = Symbol('idempotency-replayed');

export function markReplayed<T extends object>(body: T, status: number): T {
  Object.defineProperty(body, REPLAYED, { value: status, enumerable: false });
  return body;
}

/** The replayed status, or undefined for a fresh response. */
export function replayedStatus(body: unknown): number | undefined {
  if (body === null || typeof body !== 'object') {
    return undefined;
  }
  const status = (body as Record<symbol, unknown>)[REPLAYED];
  return typeof status === 'number' ? status : undefined;
}
