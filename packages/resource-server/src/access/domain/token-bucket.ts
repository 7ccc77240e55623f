/**
 * A token bucket: holds up to `capacity` requests and refills at `capacity` per minute, so a
 * contract of N requests per minute may burst N at once and then N per minute. Pure: time in ms
 * is passed in, the state out.
 */
export interface Bucket {
  /** Requests per minute: the capacity. */
  readonly capacity: number;
  readonly tokens: number;
  /** When `tokens` was computed (ms since the epoch). */
  readonly at: number;
}

export interface BucketDecision {
  readonly allowed: boolean;
  readonly bucket: Bucket;
  /** Whole requests left after this one. */
  readonly remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  readonly resetSeconds: number;
  /** When refused: seconds until one request is allowed again (Retry-After, at least 1). */
  readonly retryAfterSeconds: number;
}

export function fullBucket(capacity: number, now: number): Bucket {
  return { capacity, tokens: capacity, at: now };
}

/**
 * Takes one request from the bucket at `now`. A bucket kept for another capacity (the contract's
 * limit changed) starts again full at the new capacity.
 */
export function take(previous: Bucket | undefined, capacity: number, now: number): BucketDecision {
  const perMs = capacity / 60_000;
  const start =
    previous === undefined || previous.capacity !== capacity ? fullBucket(capacity, now) : previous;
  const elapsed = Math.max(0, now - start.at);
  const tokens = Math.min(capacity, start.tokens + elapsed * perMs);
  const allowed = tokens >= 1;
  const left = allowed ? tokens - 1 : tokens;
  return {
    allowed,
    bucket: { capacity, tokens: left, at: now },
    remaining: Math.floor(left),
    resetSeconds: Math.ceil((capacity - left) / perMs / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - left) / perMs / 1000)),
  };
}
