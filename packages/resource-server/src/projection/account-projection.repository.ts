import { upsertIfNewer } from '@charter/events';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ContractEntity } from './contract.entity.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { SystemAccountEntity } from './system-account.entity.js';
import { UserEntity } from './user.entity.js';

/** Reads and writes of the contract, enterprise, user and system account projection. */
@Injectable()
export class AccountProjectionRepository {
  constructor(
    @InjectRepository(ContractEntity) private readonly contracts: Repository<ContractEntity>,
    @InjectRepository(EnterpriseEntity) private readonly enterprises: Repository<EnterpriseEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectRepository(SystemAccountEntity)
    private readonly systemAccounts: Repository<SystemAccountEntity>,
  ) {}

  /** The whole projection, to load an instance's in-memory access state from. */
  allContracts(): Promise<ContractEntity[]> {
    return this.contracts.find();
  }

  allEnterprises(): Promise<EnterpriseEntity[]> {
    return this.enterprises.find();
  }

  allUsers(): Promise<UserEntity[]> {
    return this.users.find();
  }

  allSystemAccounts(): Promise<SystemAccountEntity[]> {
    return this.systemAccounts.find();
  }

  /** Writes unless the stored row is at this version or later (a stale or redelivered event). */
  saveContract(em: EntityManager, row: ContractEntity): Promise<boolean> {
    return upsertIfNewer(em, ContractEntity, row);
  }

  saveEnterprise(em: EntityManager, row: EnterpriseEntity): Promise<boolean> {
    return upsertIfNewer(em, EnterpriseEntity, row);
  }

  saveUser(em: EntityManager, row: UserEntity): Promise<boolean> {
    return upsertIfNewer(em, UserEntity, row);
  }

  saveSystemAccount(em: EntityManager, row: SystemAccountEntity): Promise<boolean> {
    return upsertIfNewer(em, SystemAccountEntity, row);
  }
}
