import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface ThrottlePolicy {
  /** Failures inside the window that lock the key. */
  readonly maxFailures: number;
  readonly windowSeconds: number;
  readonly lockSeconds: number;
}

/**
 * Failed password checks per key (`account:<email>`, `ip:<address>`), kept in Postgres so
 * the count and the lock hold across every instance. Each update is one atomic statement.
 */
export abstract class LoginThrottleRepository {
  /** True when any of the keys is locked at `now`. */
  abstract anyLocked(keys: readonly string[], now: Date): Promise<boolean>;
  /** Counts a failure; locks the key when it reaches the policy's maximum inside the window. */
  abstract recordFailure(key: string, policy: ThrottlePolicy, now: Date): Promise<void>;
  abstract reset(key: string): Promise<void>;
  /** Forgets keys whose window began `windowSeconds` before `now` and that are not locked; returns how many. */
  abstract pruneExpired(windowSeconds: number, now: Date): Promise<number>;
}

@Injectable()
export class SqlLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async anyLocked(keys: readonly string[], now: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM auth.login_throttles WHERE key = ANY($1) AND locked_until > $2 LIMIT 1`,
      [[...keys], now],
    );
    return rows.length > 0;
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

  async pruneExpired(windowSeconds: number, now: Date): Promise<number> {
    // Past its window a row counts as nothing (the next failure starts anew): only a lock matters.
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.login_throttles
        WHERE window_start <= $1::timestamptz - make_interval(secs => $2)
          AND (locked_until IS NULL OR locked_until <= $1)`,
      [now, windowSeconds],
    );
    return affected;
  }
}
