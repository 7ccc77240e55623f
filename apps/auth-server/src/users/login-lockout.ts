import { type Counter, Metrics } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';

import { AuthServerConfig } from '../config/auth-server.config.js';
import type { ThrottlePolicy } from './domain/login-throttle.js';
import { LoginThrottleRepository, type ThrottledKey } from './login-throttle.repository.js';

/** Who tried a password: the login name (lower-cased email) and, from a browser, the address. */
export interface PasswordAttempt {
  readonly email: string;
  /** The user agent's address (login form); absent for the password grant, whose caller is the portal. */
  readonly ip?: string;
}

/**
 * The one lock-out for every place a user's password is checked (login form, password grant;
 * RFC 6749 §4.3.2, §10.10). Each attempt is counted in PostgreSQL before the password is
 * looked at (domain/login-throttle.ts), so parallel guesses on any number of instances get
 * no more checks than the limit. Two keys:
 * - the account (the name tried, so unknown names lock alike): LOGIN_MAX_FAILURES attempts,
 *   then locks from LOGIN_LOCK_SECONDS doubling up to LOGIN_LOCK_MAX_SECONDS. The cap is
 *   short: someone else's guesses delay the owner, never lock them out for good;
 * - the client address (login form only): LOGIN_IP_MAX_FAILURES attempts, then locks doubling
 *   up to LOGIN_IP_LOCK_MAX_SECONDS: a guesser's address is what gets throttled hard.
 * A right password clears the account's count and takes its own attempt back from the address.
 */
@Injectable()
export class LoginLockout {
  /** Sign-ins per channel (login form, password grant) and outcome: the metric behind the lock-out alert. */
  private readonly logins: Counter<'channel' | 'outcome'>;

  constructor(
    private readonly config: AuthServerConfig,
    private readonly throttles: LoginThrottleRepository,
    metrics: Metrics,
  ) {
    this.logins = metrics.counter(
      'charter_logins_total',
      'Password sign-ins by channel (login_form, password_grant) and outcome (succeeded, failed, locked_out)',
      ['channel', 'outcome'],
    );
  }

  /**
   * Counts the attempt; false when the account or the address is locked at `now`, and then
   * the password must not be checked. A failure needs nothing more than recordFailure's metric:
   * it was counted here.
   */
  async admit(attempt: PasswordAttempt, now: Date): Promise<boolean> {
    const admitted = await this.throttles.admit(this.keys(attempt), now);
    if (!admitted) {
      this.count(attempt, 'locked_out');
    }
    return admitted;
  }

  /** A wrong password (or a user who may not sign in): for the metric only, the throttle counted it already. */
  recordFailure(attempt: PasswordAttempt): void {
    this.count(attempt, 'failed');
  }

  /**
   * The password was right but a second factor is still due: only this attempt is taken back
   * (from the account and the address). The count and any lock stay until the whole sign-in
   * succeeds, so someone who has the password cannot reset the count of their code guesses by
   * signing in again: second-factor failures count in the same lock-out (admit) as passwords.
   */
  async recordFirstFactor(attempt: PasswordAttempt): Promise<void> {
    await this.throttles.refund(accountKey(attempt.email));
    if (attempt.ip !== undefined) {
      await this.throttles.refund(ipKey(attempt.ip));
    }
  }

  /** The password was right: the account starts afresh, the address gets its attempt back. */
  async recordSuccess(attempt: PasswordAttempt): Promise<void> {
    this.count(attempt, 'succeeded');
    await this.throttles.reset(accountKey(attempt.email));
    if (attempt.ip !== undefined) {
      await this.throttles.refund(ipKey(attempt.ip));
    }
  }

  /** The login form sends the browser's address; the password grant has none. */
  private count(attempt: PasswordAttempt, outcome: 'succeeded' | 'failed' | 'locked_out'): void {
    this.logins.inc({
      channel: attempt.ip === undefined ? 'password_grant' : 'login_form',
      outcome,
    });
  }

  private keys(attempt: PasswordAttempt): ThrottledKey[] {
    return [
      { key: accountKey(attempt.email), policy: accountPolicy(this.config) },
      ...(attempt.ip === undefined
        ? []
        : [{ key: ipKey(attempt.ip), policy: addressPolicy(this.config) }]),
    ];
  }
}

export function accountPolicy(config: AuthServerConfig): ThrottlePolicy {
  return {
    maxFailures: config.LOGIN_MAX_FAILURES,
    baseLockSeconds: config.LOGIN_LOCK_SECONDS,
    maxLockSeconds: config.LOGIN_LOCK_MAX_SECONDS,
  };
}

export function addressPolicy(config: AuthServerConfig): ThrottlePolicy {
  return {
    maxFailures: config.LOGIN_IP_MAX_FAILURES,
    baseLockSeconds: config.LOGIN_LOCK_SECONDS,
    maxLockSeconds: config.LOGIN_IP_LOCK_MAX_SECONDS,
  };
}

/** How long the longest-remembering key keeps its count once quiet: rows older are pruned. */
export function throttleMemorySeconds(config: AuthServerConfig): number {
  return Math.max(config.LOGIN_LOCK_MAX_SECONDS, config.LOGIN_IP_LOCK_MAX_SECONDS);
}

function accountKey(email: string): string {
  return `account:${email}`;
}

function ipKey(ip: string): string {
  return `ip:${ip}`;
}
