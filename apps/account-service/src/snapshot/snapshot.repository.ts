import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ContentApiEntity } from '../content-apis/content-api.entity.js';
import type { ContentApi } from '../content-apis/domain/content-api.js';
import { ContractEntity } from '../contracts/contract.entity.js';
import type { Contract } from '../contracts/domain/contract.js';
import type { Enterprise } from '../enterprises/domain/enterprise.js';
import { EnterpriseEntity } from '../enterprises/enterprise.entity.js';
import type { SystemAccount } from '../system-accounts/domain/system-account.js';
import { SystemAccountsRepository } from '../system-accounts/system-accounts.repository.js';
import type { User } from '../users/domain/user.js';
import { UserEntity } from '../users/user.entity.js';

/** Every aggregate the service owns, deleted ones included, read in one transaction. */
export interface FullState {
  readonly contentApis: readonly ContentApi[];
  readonly enterprises: readonly Enterprise[];
  readonly systemAccounts: readonly SystemAccount[];
  readonly users: readonly User[];
  readonly contracts: readonly Contract[];
}

const ORDER = { order: { createdAt: 'ASC', id: 'ASC' } } as const;

@Injectable()
export class SnapshotRepository {
  constructor(private readonly systemAccounts: SystemAccountsRepository) {}

  /**
   * No lock: each row is read whole at its version, and a write committed meanwhile has a later
   * version, which consumers keep whichever of the two events they see first.
   */
  async readAll(em: EntityManager): Promise<FullState> {
    return {
      contentApis: await em.find(ContentApiEntity, ORDER),
      enterprises: await em.find(EnterpriseEntity, ORDER),
      systemAccounts: await this.systemAccounts.all(em),
      users: await em.find(UserEntity, ORDER),
      contracts: await em.find(ContractEntity, ORDER),
    };
  }
}
