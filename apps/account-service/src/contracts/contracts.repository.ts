import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { isUuid } from '../common/uuid.js';
import { ContractEntity } from './contract.entity.js';
import { ContractNotFound } from './contract.errors.js';
import type { Contract, ContractStatus } from './domain/contract.js';

export interface ContractFilter {
  readonly enterpriseId?: string;
  readonly contentApiId?: string;
  readonly status?: ContractStatus;
  /** Only contracts in force at this instant (see isContractInForce). */
  readonly activeAt?: Date;
  /** Deleted contracts are left out unless this is true. */
  readonly includeDeleted?: boolean;
}

export type ContractSortField = 'createdAt' | 'validFrom';

const SORT_FIELDS: Readonly<Record<ContractSortField, SortField>> = {
  createdAt: { property: 'createdAt', kind: 'timestamp' },
  validFrom: { property: 'validFrom', kind: 'timestamp' },
};

@Injectable()
export class ContractsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Contract | null> {
    return isUuid(id) ? this.dataSource.manager.findOneBy(ContractEntity, { id }) : null;
  }

  /** Loads one row-locked for a change in this transaction; throws ContractNotFound. */
  async getForUpdate(em: EntityManager, id: string): Promise<Contract> {
    const contract = isUuid(id)
      ? await em.findOne(ContractEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!contract) {
      throw new ContractNotFound(id);
    }
    return contract;
  }

  async list(
    filter: ContractFilter,
    page: PageRequest<ContractSortField>,
  ): Promise<Page<Contract>> {
    const qb = this.dataSource.manager.createQueryBuilder(ContractEntity, 'contract');
    if (filter.enterpriseId !== undefined) {
      qb.andWhere('contract.enterpriseId = :enterpriseId', { enterpriseId: filter.enterpriseId });
    }
    if (filter.contentApiId !== undefined) {
      qb.andWhere('contract.contentApiId = :contentApiId', { contentApiId: filter.contentApiId });
    }
    if (filter.status !== undefined) {
      qb.andWhere('contract.status = :status', { status: filter.status });
    }
    if (filter.activeAt !== undefined) {
      // The SQL form of isContractInForce (domain/contract-status.ts): the end is exclusive.
      qb.andWhere(
        "contract.deletedAt IS NULL AND contract.status = 'active' AND contract.validFrom <= :activeAt AND (contract.validUntil IS NULL OR contract.validUntil > :activeAt)",
        { activeAt: filter.activeAt },
      );
    }
    if (filter.includeDeleted !== true) {
      qb.andWhere('contract.deletedAt IS NULL');
    }
    return paginate(qb, SORT_FIELDS, page);
  }

  /** Whether the enterprise holds a contract in force at `at` (isContractInForce, in SQL). */
  async hasContractInForce(enterpriseId: string, at: Date): Promise<boolean> {
    if (!isUuid(enterpriseId)) {
      return false;
    }
    return this.dataSource.manager
      .createQueryBuilder(ContractEntity, 'contract')
      .where('contract.enterpriseId = :enterpriseId', { enterpriseId })
      .andWhere(
        "contract.deletedAt IS NULL AND contract.status = 'active' AND contract.validFrom <= :at AND (contract.validUntil IS NULL OR contract.validUntil > :at)",
        { at },
      )
      .getExists();
  }

  /** Whether a live contract (not deleted, not terminated) of the enterprise covers the content API. */
  async coversContentApi(enterpriseId: string, contentApiId: string): Promise<boolean> {
    if (!isUuid(enterpriseId) || !isUuid(contentApiId)) {
      return false;
    }
    return this.dataSource.manager
      .createQueryBuilder(ContractEntity, 'contract')
      .where('contract.enterpriseId = :enterpriseId', { enterpriseId })
      .andWhere('contract.contentApiId = :contentApiId', { contentApiId })
      .andWhere("contract.deletedAt IS NULL AND contract.status <> 'terminated'")
      .getExists();
  }

  async insert(em: EntityManager, contract: Contract): Promise<void> {
    await em.insert(ContractEntity, {
      ...contract,
      scopes: [...contract.scopes],
      datasets: [...contract.datasets],
    });
  }

  /** Saves a changed contract, whose version is one above the stored one. */
  async update(em: EntityManager, contract: Contract): Promise<void> {
    const result = await em.update(
      ContractEntity,
      { id: contract.id, version: contract.version - 1 },
      { ...contract, scopes: [...contract.scopes], datasets: [...contract.datasets] },
    );
    if (result.affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`contract ${contract.id} is not at version ${contract.version - 1}`);
    }
  }
}
