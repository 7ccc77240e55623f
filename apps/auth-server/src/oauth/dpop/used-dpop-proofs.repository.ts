import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A DPoP proof seen: its key's thumbprint, its `jti`, and until when it could be replayed. */
export interface UsedDpopProof {
  readonly jkt: string;
  readonly jti: string;
  readonly expiresAt: Date;
}

/** The replay store of DPoP proofs (RFC 9449 §11.1), a port so unit tests pass a fake. */
export abstract class UsedDpopProofsRepository {
  /**
   * Records the proof; false when the same key already used this `jti` and the record has not
   * expired by `now` (a replay). One statement, so instances racing on one proof cannot both win.
   */
  abstract recordIfUnused(proof: UsedDpopProof, now: Date): Promise<boolean>;
  /** Forgets proofs that can no longer be replayed by `now`; returns how many. */
  abstract pruneExpired(now: Date): Promise<number>;
}

@Injectable()
export class SqlUsedDpopProofsRepository implements UsedDpopProofsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordIfUnused(proof: UsedDpopProof, now: Date): Promise<boolean> {
    // A row left from a proof that expired (not pruned yet) does not block the jti.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO auth.used_dpop_proofs (jkt, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (jkt, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE used_dpop_proofs.expires_at <= $4
       RETURNING jti`,
      [proof.jkt, proof.jti, proof.expiresAt, now],
    );
    return rows.length > 0;
  }

  async pruneExpired(now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.used_dpop_proofs WHERE expires_at <= $1`,
      [now],
    );
    return affected;
  }
}
