import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, LessThanOrEqual } from 'typeorm';
import { RevokedToken } from './revoked-token.entity.js';

/** The revocation list (a port, so unit tests pass an in-memory fake). */
export abstract class RevokedTokensRepository {
  /** Adds the row in the caller's transaction; false when the jti was already revoked. */
  abstract addIfAbsent(em: EntityManager, row: RevokedToken): Promise<boolean>;
  abstract isRevoked(jti: string): Promise<boolean>;
  /** Forgets revocations of tokens that have expired by `now`; returns how many. */
  abstract pruneExpired(now: Date): Promise<number>;
}

@Injectable()
export class TypeOrmRevokedTokensRepository implements RevokedTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  async addIfAbsent(em: EntityManager, row: RevokedToken): Promise<boolean> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(RevokedToken)
      .values(row)
      .orIgnore()
      .returning(['jti'])
      .execute();
    return (result.raw as unknown[]).length > 0;
  }

  async isRevoked(jti: string): Promise<boolean> {
    return this.dataSource.getRepository(RevokedToken).existsBy({ jti });
  }

  async pruneExpired(now: Date): Promise<number> {
    const result = await this.dataSource
      .getRepository(RevokedToken)
      .delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
