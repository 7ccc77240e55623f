import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { isUuid } from '../common/uuid.js';
import { ContentApiEntity } from './content-api.entity.js';
import { ContentApiExists, ContentApiNotFound } from './content-api.errors.js';
import type { ContentApi } from './domain/content-api.js';

export type ContentApiSortField = 'createdAt' | 'name';

const SORT_FIELDS: Readonly<Record<ContentApiSortField, SortField>> = {
  createdAt: { property: 'createdAt', kind: 'timestamp' },
  name: { property: 'name', kind: 'text' },
};

@Injectable()
export class ContentApisRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<ContentApi | null> {
    return isUuid(id) ? this.dataSource.manager.findOneBy(ContentApiEntity, { id }) : null;
  }

  /**
   * Loads one inside a transaction, share-locked so it cannot change under a
   * write that depends on it. `pointer` names the request member that held the id.
   */
  async getForShare(em: EntityManager, id: string, pointer?: string): Promise<ContentApi> {
    const api = isUuid(id)
      ? await em.findOne(ContentApiEntity, { where: { id }, lock: { mode: 'pessimistic_read' } })
      : null;
    if (!api) {
      throw new ContentApiNotFound(id, pointer);
    }
    return api;
  }

  async list(page: PageRequest<ContentApiSortField>): Promise<Page<ContentApi>> {
    return paginate(
      this.dataSource.manager.createQueryBuilder(ContentApiEntity, 'contentApi'),
      SORT_FIELDS,
      page,
    );
  }

  /** Throws ContentApiExists when the resource indicator is taken (the unique constraint decides, so races are safe). */
  async insert(em: EntityManager, api: ContentApi): Promise<void> {
    try {
      await em.insert(ContentApiEntity, { ...api, scopes: [...api.scopes] });
    } catch (error) {
      if (isUniqueViolation(error, 'content_apis_resource_indicator_key')) {
        throw new ContentApiExists(api.resourceIndicator);
      }
      throw error;
    }
  }
}
