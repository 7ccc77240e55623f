import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** What a user agreed a client may have, per resource (a port, so unit tests pass a fake). */
export abstract class ConsentsRepository {
  /** The scopes consented for this user, client and resource ('' for none); empty when none. */
  abstract find(userId: string, clientId: string, resource: string): Promise<string[]>;
  /** Adds scopes to what was consented (a consent widens, never narrows). */
  abstract grant(
    userId: string,
    clientId: string,
    resource: string,
    scopes: readonly string[],
    now: Date,
  ): Promise<void>;
  /** Consents do not expire; forgets those of deleted users and deleted clients; returns how many. */
  abstract pruneOrphaned(): Promise<number>;
}

@Injectable()
export class SqlConsentsRepository implements ConsentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(userId: string, clientId: string, resource: string): Promise<string[]> {
    const rows: Array<{ scopes: string[] }> = await this.dataSource.query(
      `SELECT scopes FROM auth.consents WHERE user_id = $1 AND client_id = $2 AND resource = $3`,
      [userId, clientId, resource],
    );
    return rows[0]?.scopes ?? [];
  }

  async grant(
    userId: string,
    clientId: string,
    resource: string,
    scopes: readonly string[],
    now: Date,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO auth.consents AS c (user_id, client_id, resource, scopes, granted_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, client_id, resource) DO UPDATE
         SET scopes = ARRAY(SELECT DISTINCT unnest(c.scopes || EXCLUDED.scopes)), granted_at = EXCLUDED.granted_at`,
      [userId, clientId, resource, [...scopes], now],
    );
  }

  async pruneOrphaned(): Promise<number> {
    // Only rows the projection says are deleted (a deletion is final): a user or client the
    // projection does not know (yet) keeps its consents.
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `DELETE FROM auth.consents c
        WHERE EXISTS (SELECT 1 FROM auth.users u WHERE u.id = c.user_id AND u.deleted_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM auth.clients k WHERE k.client_id = c.client_id AND k.deleted_at IS NOT NULL)`,
    );
    return affected;
  }
}
