import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, LessThanOrEqual, MoreThan, type Repository } from 'typeorm';
import { RevokedTokenEntity } from './revoked-token.entity.js';

/** The list of revoked token ids this API refuses. */
@Injectable()
export class RevocationListRepository {
  constructor(
    @InjectRepository(RevokedTokenEntity) private readonly revoked: Repository<RevokedTokenEntity>,
  ) {}

  /** The entries that still matter (tokens not yet expired), to load the in-memory list from. */
  unexpired(now: Date): Promise<RevokedTokenEntity[]> {
    return this.revoked.findBy({ expiresAt: MoreThan(now) });
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
    const result = await this.revoked.delete({ expiresAt: LessThanOrEqual(now) });
    return result.affected ?? 0;
  }
}
