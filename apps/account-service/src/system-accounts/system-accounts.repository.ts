import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { isUuid } from '../common/uuid.js';
import type {
  JsonWebKeySet,
  SecretCredential,
  SystemAccount,
  SystemAccountStatus,
} from './domain/system-account.js';
import { SystemAccountSecretEntity } from './system-account-secret.entity.js';
import { SystemAccountEntity } from './system-account.entity.js';
import { SystemAccountNotFound } from './system-account.errors.js';

/** An arbitrary constant: the advisory lock that serialises the admin bootstrap of instances starting together. */
const ADMIN_BOOTSTRAP_LOCK_KEY = 727_101;

export interface SystemAccountFilter {
  readonly enterpriseId?: string;
  readonly status?: SystemAccountStatus;
  /** Deleted accounts are left out unless this is true. */
  readonly includeDeleted?: boolean;
}

export type SystemAccountSortField = 'createdAt' | 'name';

const SORT_FIELDS: Readonly<Record<SystemAccountSortField, SortField>> = {
  createdAt: { property: 'createdAt', kind: 'timestamp' },
  name: { property: 'name', kind: 'text' },
};

@Injectable()
export class SystemAccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<SystemAccount | null> {
    if (!isUuid(id)) {
      return null;
    }
    const row = await this.dataSource.manager.findOneBy(SystemAccountEntity, { id });
    return row ? ((await this.withSecrets(this.dataSource.manager, [row]))[0] ?? null) : null;
  }

  /** Loads one row-locked for a change in this transaction; throws SystemAccountNotFound. */
  async getForUpdate(em: EntityManager, id: string): Promise<SystemAccount> {
    const row = isUuid(id)
      ? await em.findOne(SystemAccountEntity, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        })
      : null;
    const account = row ? (await this.withSecrets(em, [row]))[0] : undefined;
    if (!account) {
      throw new SystemAccountNotFound(id);
    }
    return account;
  }

  /** Loads by client id, row-locked for an update in this transaction. */
  async findByClientIdForUpdate(
    em: EntityManager,
    clientId: string,
  ): Promise<SystemAccount | null> {
    const row = await em.findOne(SystemAccountEntity, {
      where: { clientId },
      lock: { mode: 'pessimistic_write' },
    });
    return row ? ((await this.withSecrets(em, [row]))[0] ?? null) : null;
  }

  /** The account with this client id, with its secrets (deleted ones too), or null. */
  async findByClientId(clientId: string): Promise<SystemAccount | null> {
    const row = await this.dataSource.manager.findOneBy(SystemAccountEntity, { clientId });
    return row ? ((await this.withSecrets(this.dataSource.manager, [row]))[0] ?? null) : null;
  }

  async list(
    filter: SystemAccountFilter,
    page: PageRequest<SystemAccountSortField>,
  ): Promise<Page<SystemAccount>> {
    const qb = this.dataSource.manager.createQueryBuilder(SystemAccountEntity, 'account');
    if (filter.enterpriseId !== undefined) {
      qb.andWhere('account.enterpriseId = :enterpriseId', { enterpriseId: filter.enterpriseId });
    }
    if (filter.status !== undefined) {
      qb.andWhere('account.status = :status', { status: filter.status });
    }
    if (filter.includeDeleted !== true) {
      qb.andWhere('account.deletedAt IS NULL');
    }
    const rows = await paginate(qb, SORT_FIELDS, page);
    return {
      items: await this.withSecrets(this.dataSource.manager, rows.items),
      nextCursor: rows.nextCursor,
    };
  }

  async insert(em: EntityManager, account: SystemAccount): Promise<void> {
    await em.insert(SystemAccountEntity, toRow(account));
    await this.insertSecrets(em, account);
  }

  /** Saves a changed account (its version one above the stored one) and its current set of secrets. */
  async update(em: EntityManager, account: SystemAccount): Promise<void> {
    const result = await em.update(
      SystemAccountEntity,
      { id: account.id, version: account.version - 1 },
      toRow(account),
    );
    if (result.affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`system account ${account.id} is not at version ${account.version - 1}`);
    }
    await em.delete(SystemAccountSecretEntity, { systemAccountId: account.id });
    await this.insertSecrets(em, account);
  }

  /** Every account (deleted ones too) with its secrets, in this transaction: for a full-state snapshot. */
  async all(em: EntityManager): Promise<SystemAccount[]> {
    return this.withSecrets(
      em,
      await em.find(SystemAccountEntity, { order: { createdAt: 'ASC', id: 'ASC' } }),
    );
  }

  /** Held until the transaction ends: one instance at a time creates or repairs the admin account. */
  async lockAdminBootstrap(em: EntityManager): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_BOOTSTRAP_LOCK_KEY]);
  }

  private async insertSecrets(em: EntityManager, account: SystemAccount): Promise<void> {
    if (account.secrets.length > 0) {
      await em.insert(
        SystemAccountSecretEntity,
        account.secrets.map((secret) => ({ ...secret, systemAccountId: account.id })),
      );
    }
  }

  private async withSecrets(
    em: EntityManager,
    rows: readonly SystemAccountEntity[],
  ): Promise<SystemAccount[]> {
    if (rows.length === 0) {
      return [];
    }
    const secrets = await em.find(SystemAccountSecretEntity, {
      where: { systemAccountId: In(rows.map((row) => row.id)) },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    const byAccount = new Map<string, SecretCredential[]>();
    for (const secret of secrets) {
      const list = byAccount.get(secret.systemAccountId) ?? [];
      list.push({
        id: secret.id,
        hash: secret.hash,
        createdAt: secret.createdAt,
        expiresAt: secret.expiresAt,
        label: secret.label,
      });
      byAccount.set(secret.systemAccountId, list);
    }
    return rows.map((row) => fromRow(row, byAccount.get(row.id) ?? []));
  }
}

function toRow(account: SystemAccount): SystemAccountEntity {
  return Object.assign(new SystemAccountEntity(), {
    id: account.id,
    clientId: account.clientId,
    name: account.name,
    enterpriseId: account.enterpriseId,
    status: account.status,
    grantTypes: [...account.grantTypes],
    tokenEndpointAuthMethods: [...account.tokenEndpointAuthMethods],
    accessTokenTtlSeconds: account.accessTokenTtlSeconds,
    platformAccess: account.platformAccess,
    redirectUris: [...account.redirectUris],
    postLogoutRedirectUris: [...account.postLogoutRedirectUris],
    requirePkce: account.requirePkce,
    jwks: account.jwks,
    jwksUri: account.jwksUri,
    idTokenSignedResponseAlg: account.idTokenSignedResponseAlg,
    resourceServerFor: account.resourceServerFor,
    securityProfile: account.securityProfile,
    deletedAt: account.deletedAt,
    version: account.version,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
  });
}

function fromRow(row: SystemAccountEntity, secrets: readonly SecretCredential[]): SystemAccount {
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    enterpriseId: row.enterpriseId,
    status: row.status,
    grantTypes: row.grantTypes,
    tokenEndpointAuthMethods: row.tokenEndpointAuthMethods,
    accessTokenTtlSeconds: row.accessTokenTtlSeconds,
    platformAccess: row.platformAccess,
    secrets,
    redirectUris: row.redirectUris,
    postLogoutRedirectUris: row.postLogoutRedirectUris,
    requirePkce: row.requirePkce,
    // Written only from a checked JsonWebKeySet (toRow).
    jwks: row.jwks as JsonWebKeySet | null,
    jwksUri: row.jwksUri,
    idTokenSignedResponseAlg: row.idTokenSignedResponseAlg,
    resourceServerFor: row.resourceServerFor,
    securityProfile: row.securityProfile,
    deletedAt: row.deletedAt,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
