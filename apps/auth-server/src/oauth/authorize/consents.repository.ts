import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ConsentItem } from './domain/consent.js';

/** What a user agreed a client may have, per resource (a port, so unit tests pass a fake). */
export abstract class ConsentsRepository {
  /** The scopes consented for this user, client and resource ('' for none); empty when none. */
  abstract find(userId: string, clientId: string, resource: string): Promise<string[]>;
  /** Everything consented for this user and client: resource ('' for the client itself) → scopes. */
  abstract findAll(userId: string, clientId: string): Promise<Map<string, string[]>>;
  /** Adds each item's scopes to what was consented for its resource, in one transaction (a consent widens, never narrows). */
  abstract grant(
    userId: string,
    clientId: string,
    items: readonly ConsentItem[],
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

  async findAll(userId: string, clientId: string): Promise<Map<string, string[]>> {
    const rows: Array<{ resource: string; scopes: string[] }> = await this.dataSource.query(
      `SELECT resource, scopes FROM auth.consents WHERE user_id = $1 AND client_id = $2`,
      [userId, clientId],
    );
    return new Map(rows.map((row) => [row.resource, row.scopes]));
  }

  async grant(
    userId: string,
    clientId: string,
    items: readonly ConsentItem[],
    now: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      for (const item of items) {
        await em.query(
          `INSERT INTO auth.consents AS c (user_id, client_id, resource, scopes, granted_at)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id, client_id, resource) DO UPDATE
             SET scopes = ARRAY(SELECT DISTINCT unnest(c.scopes || EXCLUDED.scopes)), granted_at = EXCLUDED.granted_at`,
          [userId, clientId, item.resource, [...item.scopes], now],
        );
      }
    });
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
