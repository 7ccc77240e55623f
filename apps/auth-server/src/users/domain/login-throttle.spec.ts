import { describe, expect, it } from 'vitest';
import {
  admitAttempt,
  lockSecondsAfter,
  type ThrottlePolicy,
  type ThrottleState,
} from './login-throttle.js';

const policy: ThrottlePolicy = { maxFailures: 3, baseLockSeconds: 60, maxLockSeconds: 900 };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

/** Admits `count` attempts at `when`, returning the last state (throws if one was refused). */
function attempts(count: number, when: Date, from: ThrottleState | null = null): ThrottleState {
  let state = from;
  for (let n = 0; n < count; n += 1) {
    const next = admitAttempt(state, policy, when);
    if (next === null) {
      throw new Error(`attempt ${n + 1} refused`);
    }
    state = next;
  }
  return state!;
}

describe('login throttle rules', () => {
  it('admits and counts attempts up to the limit; the one that reaches it sets the first lock', () => {
    const two = attempts(2, t0);
    expect(two).toEqual({ failures: 2, lastFailureAt: t0, lockedUntil: null });
    const three = attempts(1, t0, two);
    expect(three.lockedUntil).toEqual(at(60));
    expect(admitAttempt(three, policy, at(59))).toBeNull();
  });

  it('refuses while locked without counting, so knocking does not lengthen the lock', () => {
    const locked = attempts(3, t0);
    expect(admitAttempt(locked, policy, at(30))).toBeNull();
    expect(admitAttempt(locked, policy, at(60))).not.toBeNull();
  });

  it('doubles the lock after each further attempt, up to the cap', () => {
    expect([3, 4, 5, 6, 7, 8, 9, 40].map((n) => lockSecondsAfter(n, policy))).toEqual([
      60, 120, 240, 480, 900, 900, 900, 900,
    ]);
    expect(lockSecondsAfter(2, policy)).toBe(0);
    const first = attempts(3, t0);
    const second = admitAttempt(first, policy, at(60))!;
    expect(second.lockedUntil).toEqual(at(60 + 120));
  });

  it('forgets a quiet key: the count starts again once the cap has passed since the lock', () => {
    let state = attempts(3, t0);
    for (let n = 0; n < 10; n += 1) {
      state = admitAttempt(state, policy, state.lockedUntil!)!;
    }
    expect(state.failures).toBe(13);
    const afterQuiet = admitAttempt(
      state,
      policy,
      at((state.lockedUntil!.getTime() - t0.getTime()) / 1000 + 900),
    )!;
    expect(afterQuiet).toMatchObject({ failures: 1, lockedUntil: null });
  });
});
