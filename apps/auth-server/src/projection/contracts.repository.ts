import { Injectable } from '@nestjs/common';
import { AccountStateSync } from './account-state.sync.js';
import type { ProjectedContract } from './entities/projected-contract.entity.js';

/** Reads contracts from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class ContractsRepository {
  /** Every contract of the enterprise, whatever its status (the grant tells "not in force" from "unknown"). */
  abstract findByEnterprise(enterpriseId: string): Promise<readonly ProjectedContract[]>;
}

/** From this instance's memory, kept current by events (AccountStateSync); no database read. */
@Injectable()
export class InMemoryContractsRepository implements ContractsRepository {
  constructor(private readonly sync: AccountStateSync) {}

  findByEnterprise(enterpriseId: string): Promise<readonly ProjectedContract[]> {
    return Promise.resolve(this.sync.current().contractsOf(enterpriseId));
  }
}
