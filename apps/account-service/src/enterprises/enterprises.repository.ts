import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { isUuid } from '../common/uuid.js';
import type { Enterprise, EnterpriseStatus } from './domain/enterprise.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { EnterpriseExists, EnterpriseNotFound } from './enterprise.errors.js';

export interface EnterpriseFilter {
  readonly status?: EnterpriseStatus;
}

export type EnterpriseSortField = 'createdAt' | 'name';

const SORT_FIELDS: Readonly<Record<EnterpriseSortField, SortField>> = {
  createdAt: { property: 'createdAt', kind: 'timestamp' },
  name: { property: 'name', kind: 'text' },
};

@Injectable()
export class EnterprisesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findById(id: string): Promise<Enterprise | null> {
    return isUuid(id) ? this.dataSource.manager.findOneBy(EnterpriseEntity, { id }) : null;
  }

  /**
   * Loads one inside a transaction, share-locked so its status cannot change under
   * a write that depends on it. `pointer` names the request member that held the id.
   */
  async getForShare(em: EntityManager, id: string, pointer?: string): Promise<Enterprise> {
    const enterprise = isUuid(id)
      ? await em.findOne(EnterpriseEntity, { where: { id }, lock: { mode: 'pessimistic_read' } })
      : null;
    if (!enterprise) {
      throw new EnterpriseNotFound(id, pointer);
    }
    return enterprise;
  }

  /** Loads one row-locked for a change in this transaction; throws EnterpriseNotFound. */
  async getForUpdate(em: EntityManager, id: string): Promise<Enterprise> {
    const enterprise = isUuid(id)
      ? await em.findOne(EnterpriseEntity, { where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!enterprise) {
      throw new EnterpriseNotFound(id);
    }
    return enterprise;
  }

  async list(
    filter: EnterpriseFilter,
    page: PageRequest<EnterpriseSortField>,
  ): Promise<Page<Enterprise>> {
    const qb = this.dataSource.manager.createQueryBuilder(EnterpriseEntity, 'enterprise');
    if (filter.status !== undefined) {
      qb.andWhere('enterprise.status = :status', { status: filter.status });
    }
    return paginate(qb, SORT_FIELDS, page);
  }

  /** Throws EnterpriseExists when the business id is taken (the unique constraint decides, so races are safe). */
  async insert(em: EntityManager, enterprise: Enterprise): Promise<void> {
    try {
      await em.insert(EnterpriseEntity, toRow(enterprise));
    } catch (error) {
      if (isUniqueViolation(error, 'enterprises_business_id_key')) {
        throw new EnterpriseExists(enterprise.businessId);
      }
      throw error;
    }
  }

  /** Saves a changed enterprise, whose version is one above the stored one. */
  async update(em: EntityManager, enterprise: Enterprise): Promise<void> {
    const result = await em.update(
      EnterpriseEntity,
      { id: enterprise.id, version: enterprise.version - 1 },
      toRow(enterprise),
    );
    if (result.affected !== 1) {
      // The row is locked for update before any change, so this is a bug, not a race.
      throw new Error(`enterprise ${enterprise.id} is not at version ${enterprise.version - 1}`);
    }
  }
}

function toRow(enterprise: Enterprise): EnterpriseEntity {
  return Object.assign(new EnterpriseEntity(), {
    ...enterprise,
    contacts: enterprise.contacts.map((contact) => ({ ...contact })),
    metadata: { ...enterprise.metadata },
  });
}
