import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, LessThanOrEqual, MoreThan } from 'typeorm';
import { RevokedTokenEntity } from './revoked-token.entity.js';

/** The revoked token ids this service refuses, kept from the auth-server's TokenRevoked events. */
@Injectable()
export class RevocationListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether the token is on the list (one primary-key lookup, per request). */
  async isRevoked(jti: string, now: Date): Promise<boolean> {
    return this.dataSource.manager.existsBy(RevokedTokenEntity, { jti, expiresAt: MoreThan(now) });
  }

  /** A redelivered event finds the row there and changes nothing. */
  async add(em: EntityManager, row: RevokedTokenEntity): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(RevokedTokenEntity)
      .values(row)
      .orIgnore()
      .execute();
  }

  async pruneExpired(now: Date): Promise<number> {
    const result = await this.dataSource.manager.delete(RevokedTokenEntity, {
      expiresAt: LessThanOrEqual(now),
    });
    return result.affected ?? 0;
  }
}
