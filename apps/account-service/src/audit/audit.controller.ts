import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { EnterpriseAdmins } from '../access/enterprise-admins.decorator.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { AuditService } from './audit.service.js';
import { prefersCsv } from './domain/audit-csv.js';
import { AuditEventListResponse } from './dto/audit-event.response.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

/** What this controller sets on Fastify's reply. */
interface Reply {
  header(name: string, value: string): Reply;
}

/** Where a CSV export that stopped at its row limit continues: pass it as `cursor`. */
export const NEXT_CURSOR_HEADER = 'Charter-Next-Cursor';

@ApiTags('audit')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @EnterpriseAdmins({ via: 'list' })
  @Get()
  @ApiOperation({
    summary:
      "The audit log: every admin change with who (person or client), the client used, the source address, the reason, time, entity, before/after (secrets redacted), newest first. `Accept: text/csv` exports every entry the filters select (up to 10 000; `Charter-Next-Cursor` continues). An enterprise admin reads their own enterprise's trail only.",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiHeader({ name: 'Accept', required: false, description: '`text/csv` for a CSV export' })
  @ApiOkResponse({ type: AuditEventListResponse })
  @ApiProblems(400)
  async list(
    @Query() query: ListAuditEventsQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<AuditEventListResponse | string> {
    if (!prefersCsv(accept)) {
      return this.audit.list(query);
    }
    const exported = await this.audit.exportCsv(query);
    reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="audit-events.csv"');
    if (exported.nextCursor !== null) {
      reply.header(NEXT_CURSOR_HEADER, exported.nextCursor);
    }
    return exported.csv;
  }
}
