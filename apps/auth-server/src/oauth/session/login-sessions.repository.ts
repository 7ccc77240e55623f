import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LoginSession {
  readonly id: string;
  readonly userId: string;
  readonly authTime: Date;
  readonly expiresAt: Date;
  /** RFC 8176: how the user has authenticated in this session so far (`pwd`, then `otp`, `mfa`). */
  readonly amr: readonly string[];
}

/** SSO sessions: only the cookie value's hash is stored (a port, so unit tests pass a fake). */
export abstract class LoginSessionsRepository {
  abstract create(
    tokenHash: string,
    userId: string,
    authTime: Date,
    expiresAt: Date,
    amr: readonly string[],
  ): Promise<LoginSession>;
  /**
   * The second factor was verified: the session takes the new methods and auth time, and a new
   * cookie (its old value stops working, so a cookie seen before the step-up is worth nothing).
   * False when the session ended or expired meanwhile.
   */
  abstract stepUp(
    id: string,
    newTokenHash: string,
    amr: readonly string[],
    authTime: Date,
    now: Date,
  ): Promise<boolean>;
  /** The live session (not ended, not expired at `now`) with this cookie hash. */
  abstract findLive(tokenHash: string, now: Date): Promise<LoginSession | null>;
  abstract end(id: string, now: Date): Promise<void>;
  /** Forgets sessions that have expired or ended by `now`; returns how many. */
  abstract pruneExpired(now: Date): Promise<number>;
}

interface SessionRow {
  id: string;
  user_id: string;
  auth_time: Date;
  expires_at: Date;
  amr: string[];
}

@Injectable()
export class SqlLoginSessionsRepository implements LoginSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    tokenHash: string,
    userId: string,
    authTime: Date,
    expiresAt: Date,
    amr: readonly string[],
  ): Promise<LoginSession> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO auth.login_sessions (id, token_hash, user_id, auth_time, created_at, expires_at, amr)
       VALUES ($1, $2, $3, $4, $4, $5, $6)`,
      [id, tokenHash, userId, authTime, expiresAt, [...amr]],
    );
    return { id, userId, authTime, expiresAt, amr };
  }

  async stepUp(
    id: string,
    newTokenHash: string,
    amr: readonly string[],
    authTime: Date,
    now: Date,
  ): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth.login_sessions SET token_hash = $2, amr = $3, auth_time = $4
        WHERE id = $1 AND ended_at IS NULL AND expires_at > $5`,
      [id, newTokenHash, [...amr], authTime, now],
    );
    return affected === 1;
  }

  async findLive(tokenHash: string, now: Date): Promise<LoginSession | null> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT id, user_id, auth_time, expires_at, amr FROM auth.login_sessions
        WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    const row = rows[0];
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          authTime: row.auth_time,
          expiresAt: row.expires_at,
          amr: row.amr,
        }
      : null;
  }

  async end(id: string, now: Date): Promise<void> {
    await this.dataSource.query(
      `UPDATE auth.login_sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL`,
      [id, now],
    );
  }

  async pruneExpired(now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.login_sessions WHERE expires_at <= $1 OR ended_at <= $1`,
      [now],
    );
    return affected;
  }
}
