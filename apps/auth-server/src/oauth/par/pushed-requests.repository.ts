import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A pushed authorization request (RFC 9126) as stored: its request_uri's hash and its parameters. */
export interface PushedRequest {
  readonly requestUriHash: string;
  readonly clientId: string;
  /** The authorization request parameters, as pushed (name, value), in order. */
  readonly parameters: ReadonlyArray<readonly [string, string]>;
  readonly expiresAt: Date;
}

/** Pushed authorization requests, shared by every instance (a port, so unit tests pass a fake). */
export abstract class PushedRequestsRepository {
  abstract create(request: PushedRequest): Promise<void>;
  /** The request for this hash when it is still usable at `now`: not expired, not consumed. */
  abstract findUsable(requestUriHash: string, now: Date): Promise<PushedRequest | null>;
  /**
   * Consumes it (RFC 9126 §4: one-time use): true for exactly one caller across instances,
   * false when it was already consumed or has expired.
   */
  abstract consume(requestUriHash: string, now: Date): Promise<boolean>;
  abstract pruneExpired(now: Date): Promise<number>;
}

@Injectable()
export class SqlPushedRequestsRepository implements PushedRequestsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(request: PushedRequest): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO auth.pushed_authorization_requests (request_uri_hash, client_id, parameters, expires_at)
       VALUES ($1, $2, $3, $4)`,
      [
        request.requestUriHash,
        request.clientId,
        JSON.stringify(request.parameters),
        request.expiresAt,
      ],
    );
  }

  async findUsable(requestUriHash: string, now: Date): Promise<PushedRequest | null> {
    const rows: Array<{
      request_uri_hash: string;
      client_id: string;
      parameters: Array<[string, string]>;
      expires_at: Date;
    }> = await this.dataSource.query(
      `SELECT request_uri_hash, client_id, parameters, expires_at
         FROM auth.pushed_authorization_requests
        WHERE request_uri_hash = $1 AND expires_at > $2 AND used_at IS NULL`,
      [requestUriHash, now],
    );
    const row = rows[0];
    return row
      ? {
          requestUriHash: row.request_uri_hash,
          clientId: row.client_id,
          parameters: row.parameters,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async consume(requestUriHash: string, now: Date): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, affected]; the row lock makes racing updates wait
    // and then see used_at set, so exactly one affects the row.
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth.pushed_authorization_requests SET used_at = $2
        WHERE request_uri_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [requestUriHash, now],
    );
    return affected === 1;
  }

  async pruneExpired(now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.pushed_authorization_requests WHERE expires_at <= $1`,
      [now],
    );
    return affected;
  }
}
