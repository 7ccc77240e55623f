import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { isUuid } from '../common/uuid.js';
import { ContractEntity } from './contract.entity.js';
import { ContractNotFound } from './contract.errors.js';
import type { Contract, ContractStatus } from './domain/contract.js';

export interface ContractFilter {
  readonly enterpriseId?: string;
  readonly status?: ContractStatus;
}

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

  async list(filter: ContractFilter): Promise<Contract[]> {
    const where: FindOptionsWhere<ContractEntity> = {
      ...(filter.enterpriseId === undefined ? {} : { enterpriseId: filter.enterpriseId }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
    };
    return this.dataSource.manager.find(ContractEntity, {
      where,
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  async insert(em: EntityManager, contract: Contract): Promise<void> {
    await em.insert(ContractEntity, { ...contract, scopes: [...contract.scopes] });
  }

  /** Saves a changed contract, whose version is one above the stored one. */
  async update(em: EntityManager, contract: Contract): Promise<void> {
    const result = await em.update(
      ContractEntity,
      { id: contract.id, version: contract.version - 1 },
      { ...contract, scopes: [...contract.scopes] },
    );
    if (result.affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`contract ${contract.id} is not at version ${contract.version - 1}`);
    }
  }
}
