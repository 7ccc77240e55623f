import { upsertIfNewer } from '@charter/events';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';

/** Reads and writes of the contract/enterprise projection. */
@Injectable()
export class AccountProjectionRepository {
  constructor(
    @InjectRepository(ContractEntity) private readonly contracts: Repository<ContractEntity>,
    @InjectRepository(EnterpriseEntity) private readonly enterprises: Repository<EnterpriseEntity>,
  ) {}

  findContract(id: string): Promise<ContractEntity | null> {
    return this.contracts.findOneBy({ id });
  }

  findEnterprise(id: string): Promise<EnterpriseEntity | null> {
    return this.enterprises.findOneBy({ id });
  }

  /** Writes unless the stored row is at this version or later (a stale or redelivered event). */
  saveContract(em: EntityManager, row: ContractEntity): Promise<boolean> {
    return upsertIfNewer(em, ContractEntity, row);
  }

  saveEnterprise(em: EntityManager, row: EnterpriseEntity): Promise<boolean> {
    return upsertIfNewer(em, EnterpriseEntity, row);
  }
}
