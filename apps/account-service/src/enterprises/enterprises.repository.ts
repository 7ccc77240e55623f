import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { isUuid } from '../common/uuid.js';
import type { Enterprise } from './domain/enterprise.js';
import { EnterpriseEntity } from './enterprise.entity.js';
import { EnterpriseExists, EnterpriseNotFound } from './enterprise.errors.js';

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

  async list(): Promise<Enterprise[]> {
    return this.dataSource.manager.find(EnterpriseEntity, {
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Throws EnterpriseExists when the business id is taken (the unique constraint decides, so races are safe). */
  async insert(em: EntityManager, enterprise: Enterprise): Promise<void> {
    try {
      await em.insert(EnterpriseEntity, { ...enterprise });
    } catch (error) {
      if (isUniqueViolation(error, 'enterprises_business_id_key')) {
        throw new EnterpriseExists(enterprise.businessId);
      }
      throw error;
    }
  }
}
