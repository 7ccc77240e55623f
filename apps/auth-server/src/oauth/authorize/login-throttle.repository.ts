import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  /** Failures inside the window that lock the key. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
}

/**
 * Failed logins per key (`account:<email>`, `ip:<address>`), kept in Postgres so the
 * count and the lock hold across every instance. Each update is one atomic statement.
 */
export abstract class LoginThrottleRepository {
  /** When the key is locked at `now`, until when; else null. */
  abstract lockedUntil(key: string, now: Date): Promise<Date | null>;
  /** Counts a failure; locks the key when it reaches the policy's maximum inside the window. */
  abstract recordFailure(key: string, policy: ThrottlePolicy, now: Date): Promise<void>;
  abstract reset(key: string): Promise<void>;
}

@Injectable()
export class SqlLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async lockedUntil(key: string, now: Date): Promise<Date | null> {
    const rows: Array<{ locked_until: Date }> = await this.dataSource.query(
      `SELECT locked_until FROM auth.login_throttles WHERE key = $1 AND locked_until > $2`,
      [key, now],
    );
    return rows[0]?.locked_until ?? null;
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: Date): Promise<void> {
    // A failure outside the window starts a new one; the lock is set when the count reaches the max.
    await this.dataSource.query(
      `INSERT INTO auth.login_throttles AS t (key, failures, window_start, locked_until)
       VALUES ($1, 1, $2, CASE WHEN $3::int <= 1 THEN $2::timestamptz + make_interval(secs => $5) END)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN $2 ELSE t.window_start END,
         locked_until = CASE
           WHEN (CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END) >= $3
           THEN $2::timestamptz + make_interval(secs => $5)
           ELSE t.locked_until END`,
      [key, now, policy.maxFailures, policy.windowSeconds, policy.lockSeconds],
    );
  }

  async reset(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth.login_throttles WHERE key = $1`, [key]);
  }
}
