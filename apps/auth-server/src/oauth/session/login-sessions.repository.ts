import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface LoginSession {
  readonly id: string;
  readonly userId: string;
  readonly authTime: Date;
  readonly expiresAt: Date;
}

/** SSO sessions: only the cookie value's hash is stored (a port, so unit tests pass a fake). */
export abstract class LoginSessionsRepository {
  abstract create(
    tokenHash: string,
    userId: string,
    authTime: Date,
    expiresAt: Date,
  ): Promise<LoginSession>;
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
}

@Injectable()
export class SqlLoginSessionsRepository implements LoginSessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    tokenHash: string,
    userId: string,
    authTime: Date,
    expiresAt: Date,
  ): Promise<LoginSession> {
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO auth.login_sessions (id, token_hash, user_id, auth_time, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $4, $5)`,
      [id, tokenHash, userId, authTime, expiresAt],
    );
    return { id, userId, authTime, expiresAt };
  }

  async findLive(tokenHash: string, now: Date): Promise<LoginSession | null> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT id, user_id, auth_time, expires_at FROM auth.login_sessions
        WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2`,
      [tokenHash, now],
    );
    const row = rows[0];
    return row
      ? { id: row.id, userId: row.user_id, authTime: row.auth_time, expiresAt: row.expires_at }
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
