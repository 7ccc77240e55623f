import { Injectable } from '@nestjs/common';
import { PAGE_LIMIT } from '../common/domain/page.js';
import { type AuditFilter, AuditRepository } from './audit.repository.js';
import { auditCsvHeader, auditCsvLine } from './domain/audit-csv.js';
import { AuditEventListResponse } from './dto/audit-event.response.js';
import type { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** Reads the audit trail (written by ChangeRecorder in each change's transaction). */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async list(query: ListAuditEventsQuery): Promise<AuditEventListResponse> {
    return AuditEventListResponse.from(await this.audit.list(filterOf(query), query));
  }

  /**
   * The entries the query's filters select, as CSV, from its cursor on (in its order), at most
   * AUDIT_EXPORT_MAX_ROWS of them; `nextCursor` continues when there are more.
   */
  async exportCsv(query: ListAuditEventsQuery): Promise<AuditCsvExport> {
    const filter = filterOf(query);
    let csv = auditCsvHeader();
    let cursor = query.cursor;
    let rows = 0;
    do {
      const page = await this.audit.list(filter, {
        sort: query.sort,
        limit: PAGE_LIMIT.max,
        ...(cursor === undefined ? {} : { cursor }),
      });
      for (const row of page.items) {
        csv += auditCsvLine(row);
      }
      rows += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined && rows < AUDIT_EXPORT_MAX_ROWS);
    return { csv, nextCursor: cursor ?? null };
  }
}

/** The most rows one CSV export holds; the rest follows with its `nextCursor`. */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

export interface AuditCsvExport {
  readonly csv: string;
  readonly nextCursor: string | null;
}

function filterOf(query: ListAuditEventsQuery): AuditFilter {
  return {
    entityType: query.entityType,
    entityId: query.entityId,
    actorId: query.actorId,
    enterpriseId: query.enterpriseId,
    action: query.action,
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  };
}
