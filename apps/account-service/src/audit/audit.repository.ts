import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Page } from '../common/domain/page.js';
import { paginate, type PageRequest, type SortField } from '../common/pagination.js';
import { AuditLogEntity } from './audit-log.entity.js';

export interface AuditFilter {
  readonly entityType?: string;
  readonly entityId?: string;
  readonly actorId?: string;
  readonly enterpriseId?: string;
  readonly action?: string;
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
}

const SORT_FIELDS: Readonly<Record<'at', SortField>> = {
  at: { property: 'at', kind: 'timestamp' },
};

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(filter: AuditFilter, page: PageRequest<'at'>): Promise<Page<AuditLogEntity>> {
    const qb = this.dataSource.manager.createQueryBuilder(AuditLogEntity, 'audit');
    const equal = {
      entityType: filter.entityType,
      entityId: filter.entityId,
      actorId: filter.actorId,
      enterpriseId: filter.enterpriseId,
      action: filter.action,
    };
    for (const [property, value] of Object.entries(equal)) {
      if (value !== undefined) {
        qb.andWhere(`audit.${property} = :${property}`, { [property]: value });
      }
    }
    if (filter.from !== undefined) {
      qb.andWhere('audit.at >= :from', { from: filter.from });
    }
    if (filter.to !== undefined) {
      qb.andWhere('audit.at < :to', { to: filter.to });
    }
    return paginate(qb, SORT_FIELDS, page);
  }
}
