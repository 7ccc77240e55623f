import type { DpopReplayCache } from '@charter/auth';
import type { DataSource } from 'typeorm';

/**
 * The DPoP proofs this API accepted (RFC 9449 §11.1), in its own PostgreSQL schema, so a proof
 * spent at one instance is refused at every other one: one statement, so instances racing on
 * the same proof cannot both win. PostgreSQL rather than a JetStream KV bucket because the API
 * already depends on it for the access state, the rule "counters that protect live in
 * PostgreSQL, updated atomically" covers it, and the authorization server's own store works so.
 */
export class SharedDpopReplayCache implements DpopReplayCache {
  private readonly table: string;

  constructor(
    private readonly dataSource: DataSource,
    /** The API's own schema (ResourceServerModuleOptions.schema). */
    schema: string,
  ) {
    this.table = `"${schema}"."used_dpop_proofs"`;
  }

  async recordIfUnused(jkt: string, jti: string, until: Date, now: Date): Promise<boolean> {
    // A row left from a proof whose window has passed (not pruned yet) does not block the jti.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO ${this.table} (jkt, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (jkt, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at
         WHERE used_dpop_proofs.expires_at <= $4
       RETURNING jti`,
      [jkt, jti, until, now],
    );
    return rows.length > 0;
  }

  /** Forgets the proofs that can no longer be replayed (their `iat` window has passed). */
  async pruneExpired(now: Date): Promise<number> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE expires_at <= $1`,
      [now],
    );
    return affected;
  }
}
