import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  /** Failures inside the window that lock the username. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
}

/**
 * Failed password-grant attempts per username, in Postgres so the count and the lock
 * hold across every instance. Each update is one atomic statement.
 */
export abstract class PasswordThrottleRepository {
  /** True when the username is locked at `now`. */
  abstract isLocked(username: string, now: Date): Promise<boolean>;
  /** Counts a failure; locks the username when it reaches the maximum inside the window. */
  abstract recordFailure(username: string, policy: ThrottlePolicy, now: Date): Promise<void>;
  abstract reset(username: string): Promise<void>;
}

@Injectable()
export class TypeOrmPasswordThrottleRepository implements PasswordThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async isLocked(username: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM auth.password_grant_throttles WHERE username = $1 AND locked_until > $2`,
      [username, now],
    );
    return rows.length > 0;
  }

  async recordFailure(username: string, policy: ThrottlePolicy, now: Date): Promise<void> {
    // A failure after the window has passed starts a new window; reaching the maximum sets the lock.
    await this.dataSource.query(
      `INSERT INTO auth.password_grant_throttles AS t (username, failures, window_start, locked_until)
       VALUES ($1, 1, $2, CASE WHEN $3::int <= 1 THEN $2::timestamptz + make_interval(secs => $5) END)
       ON CONFLICT (username) DO UPDATE SET
         failures = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END,
         window_start = CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN $2 ELSE t.window_start END,
         locked_until = CASE
           WHEN (CASE WHEN t.window_start <= $2::timestamptz - make_interval(secs => $4) THEN 1 ELSE t.failures + 1 END) >= $3
           THEN $2::timestamptz + make_interval(secs => $5)
           ELSE t.locked_until END`,
      [username, now, policy.maxFailures, policy.windowSeconds, policy.lockSeconds],
    );
  }

  async reset(username: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth.password_grant_throttles WHERE username = $1`, [
      username,
    ]);
  }
}
