import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A token family: what one authorization (code redemption) granted, the refresh
 * tokens rotated from it and the access tokens issued in it. Revoking the family
 * (a reused code or refresh token) refuses every refresh token of it and hands the
 * live access tokens' jti to the revocation list.
 */
export interface TokenFamily {
  readonly id: string;
  readonly clientId: string;
  readonly userId: string;
  /** Every scope the authorization granted (identity and API); a refresh may narrow, never widen. */
  readonly scopes: readonly string[];
  readonly resource: string | null;
  readonly authTime: Date;
  readonly revokedAt: Date | null;
  /**
   * RFC 9449 §5: the DPoP key a public client's refresh tokens are bound to (every refresh
   * must prove it); null for confidential clients, whose refresh tokens their authentication binds.
   */
  readonly dpopJkt: string | null;
  /** RFC 8176: how the user signed in to the authorization the family started from. */
  readonly amr: readonly string[];
}

export interface RefreshTokenRow {
  readonly tokenHash: string;
  readonly familyId: string;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

export interface LiveAccessToken {
  readonly jti: string;
  readonly expiresAt: Date;
}

/** Token families, their refresh tokens and access tokens; every method runs in the caller's transaction. */
export abstract class TokenFamiliesRepository {
  abstract create(
    em: EntityManager,
    family: Omit<TokenFamily, 'id' | 'revokedAt'>,
    now: Date,
  ): Promise<TokenFamily>;
  abstract findForUpdate(em: EntityManager, id: string): Promise<TokenFamily | null>;
  abstract addRefreshToken(
    em: EntityManager,
    tokenHash: string,
    familyId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<void>;
  abstract findRefreshTokenForUpdate(
    em: EntityManager,
    tokenHash: string,
  ): Promise<RefreshTokenRow | null>;
  /** A refresh token with its family, read without a lock (introspection); null when unknown. */
  abstract findRefreshTokenWithFamily(
    tokenHash: string,
  ): Promise<{ token: RefreshTokenRow; family: TokenFamily } | null>;
  abstract markRefreshTokenUsed(em: EntityManager, tokenHash: string, now: Date): Promise<void>;
  abstract recordAccessToken(
    em: EntityManager,
    jti: string,
    familyId: string,
    expiresAt: Date,
  ): Promise<void>;
  /** Marks the family revoked; returns its access tokens still live at `now`. */
  abstract revoke(em: EntityManager, familyId: string, now: Date): Promise<LiveAccessToken[]>;
  /**
   * Forgets refresh tokens and access-token records that have expired by `now`, then the
   * families left with neither (nothing of them can be used or revoked any more).
   */
  abstract pruneExpired(now: Date): Promise<{ refreshTokens: number; families: number }>;
}

@Injectable()
export class SqlTokenFamiliesRepository implements TokenFamiliesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(
    em: EntityManager,
    family: Omit<TokenFamily, 'id' | 'revokedAt'>,
    now: Date,
  ): Promise<TokenFamily> {
    const id = randomUUID();
    await em.query(
      `INSERT INTO auth.token_families (id, client_id, user_id, scopes, resource, auth_time, created_at, dpop_jkt, amr)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        id,
        family.clientId,
        family.userId,
        [...family.scopes],
        family.resource,
        family.authTime,
        now,
        family.dpopJkt,
        [...family.amr],
      ],
    );
    return { ...family, id, revokedAt: null };
  }

  async findForUpdate(em: EntityManager, id: string): Promise<TokenFamily | null> {
    const rows: Array<{
      id: string;
      client_id: string;
      user_id: string;
      scopes: string[];
      resource: string | null;
      auth_time: Date;
      revoked_at: Date | null;
      dpop_jkt: string | null;
      amr: string[];
    }> = await em.query(`SELECT * FROM auth.token_families WHERE id = $1 FOR UPDATE`, [id]);
    const row = rows[0];
    return row
      ? {
          id: row.id,
          clientId: row.client_id,
          userId: row.user_id,
          scopes: row.scopes,
          resource: row.resource,
          authTime: row.auth_time,
          revokedAt: row.revoked_at,
          dpopJkt: row.dpop_jkt,
          amr: row.amr,
        }
      : null;
  }

  async addRefreshToken(
    em: EntityManager,
    tokenHash: string,
    familyId: string,
    now: Date,
    expiresAt: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO auth.refresh_tokens (token_hash, family_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
      [tokenHash, familyId, now, expiresAt],
    );
  }

  async findRefreshTokenForUpdate(
    em: EntityManager,
    tokenHash: string,
  ): Promise<RefreshTokenRow | null> {
    const rows: Array<{
      token_hash: string;
      family_id: string;
      expires_at: Date;
      used_at: Date | null;
    }> = await em.query(`SELECT * FROM auth.refresh_tokens WHERE token_hash = $1 FOR UPDATE`, [
      tokenHash,
    ]);
    const row = rows[0];
    return row
      ? {
          tokenHash: row.token_hash,
          familyId: row.family_id,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
        }
      : null;
  }

  async findRefreshTokenWithFamily(
    tokenHash: string,
  ): Promise<{ token: RefreshTokenRow; family: TokenFamily } | null> {
    const rows: Array<{
      token_hash: string;
      family_id: string;
      expires_at: Date;
      used_at: Date | null;
      client_id: string;
      user_id: string;
      scopes: string[];
      resource: string | null;
      auth_time: Date;
      revoked_at: Date | null;
      dpop_jkt: string | null;
      amr: string[];
    }> = await this.dataSource.query(
      `SELECT t.token_hash, t.family_id, t.expires_at, t.used_at,
              f.client_id, f.user_id, f.scopes, f.resource, f.auth_time, f.revoked_at, f.dpop_jkt, f.amr
         FROM auth.refresh_tokens t JOIN auth.token_families f ON f.id = t.family_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row
      ? {
          token: {
            tokenHash: row.token_hash,
            familyId: row.family_id,
            expiresAt: row.expires_at,
            usedAt: row.used_at,
          },
          family: {
            id: row.family_id,
            clientId: row.client_id,
            userId: row.user_id,
            scopes: row.scopes,
            resource: row.resource,
            authTime: row.auth_time,
            revokedAt: row.revoked_at,
            dpopJkt: row.dpop_jkt,
            amr: row.amr,
          },
        }
      : null;
  }

  async markRefreshTokenUsed(em: EntityManager, tokenHash: string, now: Date): Promise<void> {
    await em.query(`UPDATE auth.refresh_tokens SET used_at = $2 WHERE token_hash = $1`, [
      tokenHash,
      now,
    ]);
  }

  async recordAccessToken(
    em: EntityManager,
    jti: string,
    familyId: string,
    expiresAt: Date,
  ): Promise<void> {
    await em.query(
      `INSERT INTO auth.family_access_tokens (jti, family_id, expires_at) VALUES ($1, $2, $3)`,
      [jti, familyId, expiresAt],
    );
  }

  async revoke(em: EntityManager, familyId: string, now: Date): Promise<LiveAccessToken[]> {
    await em.query(
      `UPDATE auth.token_families SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`,
      [familyId, now],
    );
    const rows: Array<{ jti: string; expires_at: Date }> = await em.query(
      `SELECT jti, expires_at FROM auth.family_access_tokens WHERE family_id = $1 AND expires_at > $2`,
      [familyId, now],
    );
    return rows.map((row) => ({ jti: row.jti, expiresAt: row.expires_at }));
  }

  async pruneExpired(now: Date): Promise<{ refreshTokens: number; families: number }> {
    const [, refreshTokens]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.refresh_tokens WHERE expires_at <= $1`,
      [now],
    );
    await this.dataSource.query(`DELETE FROM auth.family_access_tokens WHERE expires_at <= $1`, [
      now,
    ]);
    // A family is created with its first token in one transaction, so none is ever seen empty
    // before then; once empty it stays empty (tokens join a family only through a live refresh token).
    const [, families]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.token_families f
        WHERE NOT EXISTS (SELECT 1 FROM auth.refresh_tokens r WHERE r.family_id = f.id)
          AND NOT EXISTS (SELECT 1 FROM auth.family_access_tokens a WHERE a.family_id = f.id)`,
    );
    return { refreshTokens, families };
  }
}
