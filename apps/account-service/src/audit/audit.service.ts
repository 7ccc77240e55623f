import { Injectable } from '@nestjs/common';
import { AuditRepository } from './audit.repository.js';
import { AuditEventListResponse } from './dto/audit-event.response.js';
import type { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** Reads the audit trail (written by ChangeRecorder in each change's transaction). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: ListAuditEventsQuery): Promise<AuditEventListResponse> {
    const page = await this.audit.list(
      {
        entityType: query.entityType,
        entityId: query.entityId,
        actorId: query.actorId,
        action: query.action,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      },
      query,
    );
    return AuditEventListResponse.from(page);
  }
}
