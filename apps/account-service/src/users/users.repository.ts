import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { isUuid } from '../common/uuid.js';
import type { PasswordToken } from './domain/password-token.js';
import type { User, UserKind, UserStatus } from './domain/user.js';
import { PasswordTokenEntity } from './password-token.entity.js';
import { UserEntity } from './user.entity.js';
import { UserExists, UserNotFound } from './user.errors.js';

export interface UserFilter {
  readonly enterpriseId?: string;
  readonly kind?: UserKind;
  readonly status?: UserStatus;
  /** Exact match on the lower-cased email. */
  readonly email?: string;
  /** Deleted users are left out unless this is true. */
  readonly includeDeleted?: boolean;
}

export type UserSortField = 'createdAt' | 'name';

const SORT_FIELDS: Readonly<Record<UserSortField, SortField>> = {
  createdAt: { property: 'createdAt', kind: 'timestamp' },
  name: { property: 'name', kind: 'text' },
};

/** An arbitrary constant: the advisory lock that serialises changes to platform users. */
const PLATFORM_USERS_LOCK_KEY = 727_102;

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<User | null> {
    return isUuid(id) ? this.dataSource.manager.findOneBy(UserEntity, { id }) : null;
  }

  /** Loads one row-locked for a change in this transaction; throws UserNotFound. */
  /** A user's kind (it never changes), read without a lock; null when there is no such user. */
  async kindOf(em: EntityManager, id: string): Promise<UserKind | null> {
    if (!isUuid(id)) {
      return null;
    }
    const row = await em.findOne(UserEntity, { where: { id }, select: { id: true, kind: true } });
    return row?.kind ?? null;
  }

  /**
   * Serialises changes to platform users (taken before any user row lock, so no deadlock), so two
   * removals of the last two platform admins cannot both see the other one remaining.
   */
  async lockPlatformUsers(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [PLATFORM_USERS_LOCK_KEY]);
  }

  /** Active, not deleted platform admins other than `exceptId` (read under lockPlatformUsers). */
  async countOtherActivePlatformAdmins(em: EntityManager, exceptId: string): Promise<number> {
    return em
      .createQueryBuilder(UserEntity, 'user')
      .where('user.kind = :kind', { kind: 'platform' })
      .andWhere(':role = ANY(user.roles)', { role: 'platform-admin' })
      .andWhere('user.status = :status', { status: 'active' })
      .andWhere('user.deletedAt IS NULL')
      .andWhere('user.id <> :exceptId', { exceptId })
      .getCount();
  }

  async getForUpdate(em: EntityManager, id: string): Promise<User> {
    const user = isUuid(id)
      ? await em.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!user) {
      throw new UserNotFound(id);
    }
    return user;
  }

  async list(filter: UserFilter, page: PageRequest<UserSortField>): Promise<Page<User>> {
    const qb = this.dataSource.manager.createQueryBuilder(UserEntity, 'user');
    if (filter.enterpriseId !== undefined) {
      qb.andWhere('user.enterpriseId = :enterpriseId', { enterpriseId: filter.enterpriseId });
    }
    if (filter.kind !== undefined) {
      qb.andWhere('user.kind = :kind', { kind: filter.kind });
    }
    if (filter.status !== undefined) {
      qb.andWhere('user.status = :status', { status: filter.status });
    }
    if (filter.email !== undefined) {
      qb.andWhere('user.email = :email', { email: filter.email });
    }
    if (filter.includeDeleted !== true) {
      qb.andWhere('user.deletedAt IS NULL');
    }
    return paginate(qb, SORT_FIELDS, page);
  }

  /** Throws UserExists when the email is taken (the unique constraint decides, so races are safe). */
  async insert(em: EntityManager, user: User): Promise<void> {
    try {
      await em.insert(UserEntity, toRow(user));
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new UserExists(user.email);
      }
      throw error;
    }
  }

  /** Saves a changed user, whose version is one above the stored one. Throws UserExists (a new email that is taken). */
  async update(em: EntityManager, user: User): Promise<void> {
    let affected: number | null | undefined;
    try {
      ({ affected } = await em.update(
        UserEntity,
        { id: user.id, version: user.version - 1 },
        toRow(user),
      ));
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new UserExists(user.email);
      }
      throw error;
    }
    if (affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`user ${user.id} is not at version ${user.version - 1}`);
    }
  }

  async insertPasswordToken(em: EntityManager, token: PasswordToken): Promise<void> {
    await em.insert(PasswordTokenEntity, { ...token });
  }

  /** Every token of the user not yet used or voided becomes void at `now`. */
  async voidPasswordTokens(em: EntityManager, userId: string, now: Date): Promise<void> {
    await em.update(
      PasswordTokenEntity,
      { userId, usedAt: IsNull(), voidedAt: IsNull() },
      { voidedAt: now },
    );
  }

  /** The token with this keyed hash, row-locked, so two redemptions of one token take turns. */
  /** By its hash under any of the credentials hash keys (a token issued before a key rotation still redeems). */
  async findPasswordTokenForUpdate(
    em: EntityManager,
    hashes: readonly string[],
  ): Promise<PasswordToken | null> {
    return em.findOne(PasswordTokenEntity, {
      where: { hash: In([...hashes]) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async savePasswordToken(em: EntityManager, token: PasswordToken): Promise<void> {
    await em.update(
      PasswordTokenEntity,
      { id: token.id },
      { usedAt: token.usedAt, voidedAt: token.voidedAt },
    );
  }
}

function toRow(user: User): UserEntity {
  return Object.assign(new UserEntity(), { ...user, roles: [...user.roles] });
}
