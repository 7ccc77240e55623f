import { Injectable } from '@nestjs/common';
import { AccountStateSync } from './account-state.sync.js';
import type { ProjectedContentApi } from './entities/projected-content-api.entity.js';

/** Reads content APIs from the projection (for discovery's scopes_supported). */
export abstract class ContentApisRepository {
  /** Ordered by resource indicator. */
  abstract findAll(): Promise<readonly ProjectedContentApi[]>;
}

/** From this instance's memory, kept current by events (AccountStateSync); no database read. */
@Injectable()
export class InMemoryContentApisRepository implements ContentApisRepository {
  constructor(private readonly sync: AccountStateSync) {}

  findAll(): Promise<readonly ProjectedContentApi[]> {
    return Promise.resolve(this.sync.current().contentApis());
  }
}
