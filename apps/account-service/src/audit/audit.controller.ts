import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditEventListResponse } from './dto/audit-event.response.js';
import { ListAuditEventsQuery } from './dto/list-audit-events.query.js';

@ApiTags('audit')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary:
      'The audit log: every admin change with actor, time, entity, before/after (secrets redacted), newest first',
  })
  @ApiOkResponse({ type: AuditEventListResponse })
  @ApiProblems(400)
  list(@Query() query: ListAuditEventsQuery): Promise<AuditEventListResponse> {
    return this.audit.list(query);
  }
}
