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

  /** The content API with this resource indicator, share-locked; throws ContentApiNotFound. */
  async getByResourceIndicatorForShare(
    em: EntityManager,
    resourceIndicator: string,
    pointer: string,
  ): Promise<ContentApi> {
    const api = await em.findOne(ContentApiEntity, {
      where: { resourceIndicator },
      lock: { mode: 'pessimistic_read' },
    });
    if (!api) {
      throw new ContentApiNotFound(resourceIndicator, pointer);
    }
    return api;
  }

  /** Loads one row-locked for a change in this transaction; throws ContentApiNotFound. */
  async getForUpdate(em: EntityManager, id: string): Promise<ContentApi> {
    const api = isUuid(id)
      ? await em.findOne(ContentApiEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!api) {
      throw new ContentApiNotFound(id);
    }
    return api;
  }

  /**
   * The dataset names that live contracts (not deleted, not terminated) of this content API
   * name. Contracts share-lock their content API when they are written, so under the row lock
   * of getForUpdate this cannot change.
   */
  async datasetsCoveredByLiveContracts(em: EntityManager, id: string): Promise<Set<string>> {
    const rows: Array<{ name: string }> = await em.query(
      `SELECT DISTINCT unnest(datasets) AS name FROM accounts.contracts
        WHERE content_api_id = $1 AND deleted_at IS NULL AND status <> 'terminated'`,
      [id],
    );
    return new Set(rows.map((row) => row.name));
  }

  /** Saves a changed content API, whose version is one above the stored one. */
  async update(em: EntityManager, api: ContentApi): Promise<void> {
    const result = await em.update(
      ContentApiEntity,
      { id: api.id, version: api.version - 1 },
      {
        name: api.name,
        datasets: [...api.datasets],
        version: api.version,
        updatedAt: api.updatedAt,
      },
    );
    if (result.affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`content API ${api.id} is not at version ${api.version - 1}`);
    }
  }

  /** All content APIs, or (with `coveredFor`) those a live contract (not terminated) of that enterprise covers. */
  async list(
    filter: { readonly coveredFor?: string },
    page: PageRequest<ContentApiSortField>,
  ): Promise<Page<ContentApi>> {
    const qb = this.dataSource.manager.createQueryBuilder(ContentApiEntity, 'contentApi');
    if (filter.coveredFor !== undefined) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM accounts.contracts contract WHERE contract.content_api_id = "contentApi"."id" AND contract.enterprise_id = :coveredFor AND contract.deleted_at IS NULL AND contract.status <> 'terminated')`,
        { coveredFor: filter.coveredFor },
      );
    }
    return paginate(qb, SORT_FIELDS, page);
  }

  /** Throws ContentApiExists when the resource indicator is taken (the unique constraint decides, so races are safe). */
  async insert(em: EntityManager, api: ContentApi): Promise<void> {
    try {
      await em.insert(ContentApiEntity, {
        ...api,
        scopes: [...api.scopes],
        datasets: [...api.datasets],
      });
    } catch (error) {
      if (isUniqueViolation(error, 'content_apis_resource_indicator_key')) {
        throw new ContentApiExists(api.resourceIndicator);
      }
      throw error;
    }
  }
}
