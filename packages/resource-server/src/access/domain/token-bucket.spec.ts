import { describe, expect, it } from 'vitest';
import { take } from './token-bucket.js';

describe('token bucket', () => {
  it('allows a burst of the capacity, then refuses with the time until the next request', () => {
    let bucket;
    for (let i = 0; i < 3; i += 1) {
      const decision = take(bucket, 3, 0);
      expect(decision).toMatchObject({ allowed: true, remaining: 2 - i });
      bucket = decision.bucket;
    }
    const refused = take(bucket, 3, 0);
    // 3 per minute: one request every 20 s.
    expect(refused).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 20,
      resetSeconds: 60,
    });
  });

  it('refills at the capacity per minute, never above the capacity', () => {
    let decision = take(undefined, 60, 0);
    decision = take(decision.bucket, 60, 0);
    expect(decision.remaining).toBe(58);
    expect(take(decision.bucket, 60, 1_000).remaining).toBe(58);
    expect(take(decision.bucket, 60, 3_600_000).remaining).toBe(59);
  });

  it('starts again full when the limit changes', () => {
    const spent = take(take(undefined, 1, 0).bucket, 1, 0);
    expect(spent.allowed).toBe(false);
    expect(take(spent.bucket, 10, 0)).toMatchObject({ allowed: true, remaining: 9 });
  });
});
