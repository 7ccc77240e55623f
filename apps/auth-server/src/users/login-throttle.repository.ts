import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { admitAttempt, type ThrottlePolicy, type ThrottleState } from './domain/login-throttle.js';

export interface ThrottledKey {
  /** `account:<email>` or `ip:<address>`. */
  readonly key: string;
  readonly policy: ThrottlePolicy;
}

/**
 * Password attempts per key, kept in Postgres so the count and the lock hold across every
 * instance. Admission runs in one transaction with the keys' rows locked, so parallel
 * attempts are counted one after another whichever instance they reach.
 */
export abstract class LoginThrottleRepository {
  /**
   * Counts an attempt against every key, before the password is checked. False (and nothing
   * counted) when any key is locked at `now`.
   */
  abstract admit(keys: readonly ThrottledKey[], now: Date): Promise<boolean>;
  /** Forgets the key's count and lock. */
  abstract reset(key: string): Promise<void>;
  /** Takes one counted attempt back (a right password is no failure); the lock stays. */
  abstract refund(key: string): Promise<void>;
  /**
   * Forgets keys that have been quiet for `forgetSeconds` after their last attempt and after
   * their lock; returns how many.
   */
  abstract pruneExpired(forgetSeconds: number, now: Date): Promise<number>;
}

interface ThrottleRow {
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

@Injectable()
export class SqlLoginThrottleRepository implements LoginThrottleRepository {
  constructor(private readonly dataSource: DataSource) {}

  admit(keys: readonly ThrottledKey[], now: Date): Promise<boolean> {
    // Keys in one order everywhere, so two transactions never wait on each other in a circle.
    const ordered = [...keys].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.dataSource.transaction(async (em) => {
      const states = new Map<string, ThrottleState>();
      for (const { key } of ordered) {
        const row = await this.lockRow(em, key, now);
        states.set(key, {
          failures: row.failures,
          lastFailureAt: row.last_failure_at,
          lockedUntil: row.locked_until,
        });
      }
      const next = ordered.map(({ key, policy }) => ({
        key,
        state: admitAttempt(states.get(key) ?? null, policy, now),
      }));
      if (next.some(({ state }) => state === null)) {
        return false;
      }
      for (const { key, state } of next) {
        await em.query(
          `UPDATE auth.login_throttles SET failures = $2, last_failure_at = $3, locked_until = $4
            WHERE key = $1`,
          [key, state!.failures, state!.lastFailureAt, state!.lockedUntil],
        );
      }
      return true;
    });
  }

  /** The key's row, created with no attempts if absent, locked until the transaction ends. */
  private async lockRow(em: EntityManager, key: string, now: Date): Promise<ThrottleRow> {
    // A concurrent insert of the same key waits for ours (unique index), then finds the row.
    // The pruner may delete the row between the two statements: then insert it again.
    for (;;) {
      await em.query(
        `INSERT INTO auth.login_throttles (key, failures, last_failure_at, locked_until)
         VALUES ($1, 0, $2, NULL) ON CONFLICT (key) DO NOTHING`,
        [key, now],
      );
      const rows: ThrottleRow[] = await em.query(
        `SELECT key, failures, last_failure_at, locked_until FROM auth.login_throttles
          WHERE key = $1 FOR UPDATE`,
        [key],
      );
      if (rows[0] !== undefined) {
        return rows[0];
      }
    }
  }

  async reset(key: string): Promise<void> {
    // An update, not a delete: a parallel admit between its insert-if-absent and its
    // SELECT … FOR UPDATE would find no row (a 500). The pruner forgets quiet rows.
    await this.dataSource.query(
      `UPDATE auth.login_throttles SET failures = 0, locked_until = NULL WHERE key = $1`,
      [key],
    );
  }

  async refund(key: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth.login_throttles SET failures = greatest(failures - 1, 0) WHERE key = $1`,
      [key],
    );
  }

  async pruneExpired(forgetSeconds: number, now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.login_throttles
        WHERE last_failure_at <= $1::timestamptz - make_interval(secs => $2)
          AND (locked_until IS NULL OR locked_until <= $1::timestamptz - make_interval(secs => $2))`,
      [now, forgetSeconds],
    );
    return affected;
  }
}
