import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Scopes } from '@charter/auth';
import { ADMIN_SCOPE } from '../common/admin-scope.js';
import { ApiProblems } from '../common/api-problems.decorator.js';
import { ChangeContext } from '../common/change-context.decorator.js';
import type { RequestContext } from '../common/request-context.js';
import { CreateEnterpriseDto } from './dto/create-enterprise.dto.js';
import { EnterpriseListResponse, EnterpriseResponse } from './dto/enterprise.response.js';
import { EnterprisesService } from './enterprises.service.js';

@ApiTags('enterprises')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Scopes(ADMIN_SCOPE)
@Controller('v1/enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an enterprise (status active)' })
  @ApiCreatedResponse({ type: EnterpriseResponse })
  @ApiProblems(400, 409, 413, 415)
  create(
    @Body() body: CreateEnterpriseDto,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.create(body, context);
  }

  @Get()
  @ApiOperation({ summary: 'List enterprises' })
  @ApiOkResponse({ type: EnterpriseListResponse })
  list(): Promise<EnterpriseListResponse> {
    return this.enterprises.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an enterprise' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<EnterpriseResponse> {
    return this.enterprises.get(id);
  }
}
