import { CurrentPrincipal, type Principal, Scopes } from '@charter/resource-server';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { PageQuery } from '../common/dto/page.query.js';
import { ReportListResponse } from './dto/report.response.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/enterprises/:enterpriseId/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Scopes('reports:read')
  @ApiOperation({ summary: "The caller's own enterprise's usage statements (scope reports:read)" })
  @ApiOkResponse({ type: ReportListResponse })
  @ApiProblems(400, 401, [
    403,
    "The token lacks reports:read (`insufficient_scope`), or the id is not the caller's enterprise (`enterprise_mismatch`, also for ids that do not exist).",
  ])
  list(
    @CurrentPrincipal() caller: Principal,
    @Param('enterpriseId') enterpriseId: string,
    @Query() query: PageQuery,
  ): ReportListResponse {
    return this.reports.list(caller, enterpriseId, query);
  }
}
