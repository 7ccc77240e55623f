import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';

/** An authorization code as stored: only its hash, with everything it is bound to (RFC 6749 §4.1.2). */
export interface AuthorizationCodeRow {
  readonly codeHash: string;
  readonly clientId: string;
  readonly userId: string;
  readonly redirectUri: string;
  /** RFC 7636 S256 challenge, or null when the client sent none. */
  readonly codeChallenge: string | null;
  readonly nonce: string | null;
  readonly scopes: readonly string[];
  readonly resource: string | null;
  readonly authTime: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  /** The token family the redemption started (so a reuse revokes what it issued). */
  readonly familyId: string | null;
  /** RFC 9449 §10: the DPoP key (`dpop_jkt`) the code is bound to; its redemption must prove it. */
  readonly dpopJkt: string | null;
  /** RFC 8176: how the user signed in (the session's methods). */
  readonly amr: readonly string[];
}

/** Authorization codes (a port, so unit tests pass a fake). */
export abstract class AuthorizationCodesRepository {
  abstract create(row: Omit<AuthorizationCodeRow, 'usedAt' | 'familyId'>): Promise<void>;
  /** Locks the code's row for the redemption's transaction; null when unknown. */
  abstract findForUpdate(em: EntityManager, codeHash: string): Promise<AuthorizationCodeRow | null>;
  abstract markUsed(
    em: EntityManager,
    codeHash: string,
    now: Date,
    familyId: string | null,
  ): Promise<void>;
  /** Forgets codes that expired before `before`; returns how many. */
  abstract pruneExpired(before: Date): Promise<number>;
}

interface CodeRecord {
  code_hash: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  code_challenge: string | null;
  nonce: string | null;
  scopes: string[];
  resource: string | null;
  auth_time: Date;
  expires_at: Date;
  used_at: Date | null;
  family_id: string | null;
  dpop_jkt: string | null;
  amr: string[];
}

@Injectable()
export class SqlAuthorizationCodesRepository implements AuthorizationCodesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(row: Omit<AuthorizationCodeRow, 'usedAt' | 'familyId'>): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO auth.authorization_codes
         (code_hash, client_id, user_id, redirect_uri, code_challenge, nonce, scopes, resource, auth_time, expires_at, dpop_jkt, amr)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.codeHash,
        row.clientId,
        row.userId,
        row.redirectUri,
        row.codeChallenge,
        row.nonce,
        [...row.scopes],
        row.resource,
        row.authTime,
        row.expiresAt,
        row.dpopJkt,
        [...row.amr],
      ],
    );
  }

  async findForUpdate(em: EntityManager, codeHash: string): Promise<AuthorizationCodeRow | null> {
    const rows: CodeRecord[] = await em.query(
      `SELECT * FROM auth.authorization_codes WHERE code_hash = $1 FOR UPDATE`,
      [codeHash],
    );
    const row = rows[0];
    return row
      ? {
          codeHash: row.code_hash,
          clientId: row.client_id,
          userId: row.user_id,
          redirectUri: row.redirect_uri,
          codeChallenge: row.code_challenge,
          nonce: row.nonce,
          scopes: row.scopes,
          resource: row.resource,
          authTime: row.auth_time,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
          familyId: row.family_id,
          dpopJkt: row.dpop_jkt,
          amr: row.amr,
        }
      : null;
  }

  async markUsed(
    em: EntityManager,
    codeHash: string,
    now: Date,
    familyId: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE auth.authorization_codes SET used_at = $2, family_id = $3 WHERE code_hash = $1`,
      [codeHash, now, familyId],
    );
  }

  async pruneExpired(before: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.authorization_codes WHERE expires_at <= $1`,
      [before],
    );
    return affected;
  }
}
