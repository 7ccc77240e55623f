import { Injectable } from '@nestjs/common';
import { AccountStateSync } from './account-state.sync.js';
import type { ProjectedEnterprise } from './entities/projected-enterprise.entity.js';

/** Reads enterprises from the projection (a port, so unit tests pass an in-memory fake). */
export abstract class EnterprisesRepository {
  abstract findById(id: string): Promise<ProjectedEnterprise | null>;
}

/** From this instance's memory, kept current by events (AccountStateSync); no database read. */
@Injectable()
export class InMemoryEnterprisesRepository implements EnterprisesRepository {
  constructor(private readonly sync: AccountStateSync) {}

  findById(id: string): Promise<ProjectedEnterprise | null> {
    return Promise.resolve(this.sync.current().enterprise(id) ?? null);
  }
}
