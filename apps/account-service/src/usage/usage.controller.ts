import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { EnterpriseAdmins } from '../access/enterprise-admins.decorator.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { acceptsCsvFirst, usageCsv } from './domain/usage-window.js';
import { UsageQuery } from './dto/usage.query.js';
import { UsageResponse } from './dto/usage.response.js';
import { UsageService } from './usage.service.js';

/** The little of Fastify's reply this needs. */
interface Reply {
  header(name: string, value: string): unknown;
}

const USAGE_SUMMARY =
  'Requests served and refused, by bucket, API, dataset, client and outcome; `Accept: text/csv` for the same as CSV';

@ApiTags('usage')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404)
@ApiProduces('application/json', 'text/csv')
@Controller('v1')
export class UsageController {
  constructor(private readonly usage: UsageService) {}

  @EnterpriseAdmins({ resource: 'contract', via: 'path' })
  @Get('contracts/:id/usage')
  @ApiOperation({ summary: `A contract's usage. ${USAGE_SUMMARY}` })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UsageResponse })
  async ofContract(
    @Param('id') id: string,
    @Query() query: UsageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<UsageResponse | string> {
    return negotiate(await this.usage.ofContract(id, query), accept, reply);
  }

  @EnterpriseAdmins({ resource: 'enterprise', via: 'path' })
  @Get('enterprises/:id/usage')
  @ApiOperation({ summary: `The usage of every contract of an enterprise. ${USAGE_SUMMARY}` })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UsageResponse })
  async ofEnterprise(
    @Param('id') id: string,
    @Query() query: UsageQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: Reply,
  ): Promise<UsageResponse | string> {
    return negotiate(await this.usage.ofEnterprise(id, query), accept, reply);
  }
}

/** The same report as CSV when the caller prefers it (for billing), JSON otherwise. */
function negotiate(
  report: UsageResponse,
  accept: string | undefined,
  reply: Reply,
): UsageResponse | string {
  reply.header('vary', 'Accept');
  if (!acceptsCsvFirst(accept)) {
    return report;
  }
  reply.header('content-type', 'text/csv; charset=utf-8');
  return usageCsv(report.items);
}
