/**
 * The lock-out rules, with no framework: how a key's count of password attempts admits or
 * refuses the next one. RFC 6749 §4.3.2 and §10.10 ask the server to protect password checks
 * against brute force; OWASP ASVS V2.2.1 asks that this not become a denial of service.
 *
 * An attempt is counted when it is admitted, before the password is looked at, so that
 * parallel guesses cannot all pass the check before any of them is counted; a success
 * takes the count back (see the lock-out service). Once a key has `maxFailures` counted
 * attempts, each further admitted attempt locks it: first for `baseLockSeconds`, then twice
 * as long each time, never longer than `maxLockSeconds`. A key that has been left alone for
 * `maxLockSeconds` after its last attempt (or after its lock ended) starts again from zero,
 * so a victim is never locked out for good by someone else's guesses.
 */
export interface ThrottlePolicy {
  /** Counted attempts before the first lock. */
  readonly maxFailures: number;
  /** Length of the first lock, in seconds. */
  readonly baseLockSeconds: number;
  /** Longest lock, in seconds; also how long a quiet key remembers its count. */
  readonly maxLockSeconds: number;
}

export interface ThrottleState {
  /** Attempts counted (admitted and not taken back by a success). */
  readonly failures: number;
  /** When the last attempt was counted. */
  readonly lastFailureAt: Date;
  readonly lockedUntil: Date | null;
}

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  const lockedUntil = state?.lockedUntil ?? null;
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** True when the key has been quiet long enough that its count no longer matters. */
export function isForgotten(state: ThrottleState, policy: ThrottlePolicy, now: Date): boolean {
  const lastActivity = Math.max(
    state.lastFailureAt.getTime(),
    state.lockedUntil?.getTime() ?? Number.NEGATIVE_INFINITY,
  );
  return now.getTime() >= lastActivity + policy.maxLockSeconds * 1000;
}

/** The lock that the `failures`-th counted attempt sets, in seconds (0: none yet). */
export function lockSecondsAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.maxFailures) {
    return 0;
  }
  // 2^31 overflows nothing in JS numbers, but cap the exponent so the product stays finite.
  const doublings = Math.min(failures - policy.maxFailures, 31);
  return Math.min(policy.baseLockSeconds * 2 ** doublings, policy.maxLockSeconds);
}

/**
 * Counts one attempt: the key's next state when it is admitted, or null when the key is
 * locked at `now` (refused unchecked, and not counted: a lock is not made longer by knocking).
 */
export function admitAttempt(
  state: ThrottleState | null,
  policy: ThrottlePolicy,
  now: Date,
): ThrottleState | null {
  if (isLocked(state, now)) {
    return null;
  }
  const failures = (state === null || isForgotten(state, policy, now) ? 0 : state.failures) + 1;
  const lockSeconds = lockSecondsAfter(failures, policy);
  return {
    failures,
    lastFailureAt: now,
    lockedUntil: lockSeconds === 0 ? null : new Date(now.getTime() + lockSeconds * 1000),
  };
}
