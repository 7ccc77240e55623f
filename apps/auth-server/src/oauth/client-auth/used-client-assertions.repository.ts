import { Injectable } from '@nestjs/common';
import { DataSource, LessThanOrEqual } from 'typeorm';
import { UsedClientAssertion } from './used-client-assertion.entity.js';

/** The replay store of client assertions (a port, so unit tests pass an in-memory fake). */
export abstract class UsedClientAssertionsRepository {
  /**
   * Records the assertion's `jti` for the client; false when it is already recorded and
   * has not expired by `now` (a replay). One statement, so two instances racing on the
   * same assertion cannot both win.
   */
  abstract recordIfUnused(row: UsedClientAssertion, now: Date): Promise<boolean>;
  /** Forgets assertions that have expired by `now`; returns how many. */
  abstract pruneExpired(now: Date): Promise<number>;
}

@Injectable()
export class TypeOrmUsedClientAssertionsRepository implements UsedClientAssertionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordIfUnused(row: UsedClientAssertion, now: Date): Promise<boolean> {
    // A row left over from an expired assertion (not pruned yet) does not block the jti.
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO "auth"."used_client_assertions" ("client_id", "jti", "expires_at")
       VALUES ($1, $2, $3)
       ON CONFLICT ("client_id", "jti") DO UPDATE SET "expires_at" = EXCLUDED."expires_at"
         WHERE "used_client_assertions"."expires_at" <= $4
       RETURNING "jti"`,
      [row.clientId, row.jti, row.expiresAt, now],
    );
    return rows.length > 0;
  }

  async pruneExpired(now: Date): Promise<number> {
    const result = await this.dataSource
      .getRepository(UsedClientAssertion)
      .delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
