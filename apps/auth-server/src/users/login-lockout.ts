import { Injectable } from '@nestjs/common';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { LoginThrottleRepository, type ThrottlePolicy } from './login-throttle.repository.js';

/** Who tried a password: the login name (lower-cased email) and, from a browser, the address. */
export interface PasswordAttempt {
  readonly email: string;
  /** The user agent's address (login form); absent for the password grant, whose caller is the portal. */
  readonly ip?: string;
}

/**
 * The one lock-out rule for every place a user's password is checked (login form, password
 * grant): LOGIN_MAX_FAILURES failures for an account (LOGIN_IP_MAX_FAILURES for an address)
 * within LOGIN_LOCK_SECONDS lock it for LOGIN_LOCK_SECONDS. The account's count is shared, so
 * failures on one path lock the other too. Keyed by the name tried: unknown names lock alike.
 */
@Injectable()
export class LoginLockout {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly throttles: LoginThrottleRepository,
  ) {}

  /** True when the account or the address is locked at `now`: refuse before looking at the password. */
  isLocked(attempt: PasswordAttempt, now: Date): Promise<boolean> {
    return this.throttles.anyLocked(
      this.keys(attempt).map(({ key }) => key),
      now,
    );
  }

  /** Counts a failed attempt against the account and the address. */
  async recordFailure(attempt: PasswordAttempt, now: Date): Promise<void> {
    for (const { key, policy } of this.keys(attempt)) {
      await this.throttles.recordFailure(key, policy, now);
    }
  }

  /** A right password clears the account's failures (the address keeps its count). */
  async recordSuccess(attempt: PasswordAttempt): Promise<void> {
    await this.throttles.reset(accountKey(attempt.email));
  }

  private keys(attempt: PasswordAttempt): Array<{ key: string; policy: ThrottlePolicy }> {
    const window = this.config.LOGIN_LOCK_SECONDS;
    const policy = (maxFailures: number): ThrottlePolicy => ({
      maxFailures,
      windowSeconds: window,
      lockSeconds: window,
    });
    return [
      { key: accountKey(attempt.email), policy: policy(this.config.LOGIN_MAX_FAILURES) },
      ...(attempt.ip === undefined
        ? []
        : [{ key: `ip:${attempt.ip}`, policy: policy(this.config.LOGIN_IP_MAX_FAILURES) }]),
    ];
  }
}

function accountKey(email: string): string {
  return `account:${email}`;
}
