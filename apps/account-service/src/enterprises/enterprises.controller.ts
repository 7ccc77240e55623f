import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { EnterpriseAdmins } from '../access/enterprise-admins.decorator.js';
import {
  ApiIdempotencyKey,
  ApiIfMatch,
  ApiProblems,
  StatusTransition,
} from '../common/api-problems.decorator.js';
import { ChangeContext } from '../common/change-context.decorator.js';
import { StatusChangeDto } from '../common/status-change.dto.js';
import type { VersionPrecondition } from '../common/domain/version-precondition.js';
import { IfMatch } from '../common/if-match.decorator.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator.js';
import { type RequestContext, withReason } from '../common/request-context.js';
import { CreateEnterpriseDto } from './dto/create-enterprise.dto.js';
import { EnterpriseListResponse, EnterpriseResponse } from './dto/enterprise.response.js';
import { ListEnterprisesQuery } from './dto/list-enterprises.query.js';
import { UpdateEnterpriseDto } from './dto/update-enterprise.dto.js';
import { EnterprisesService } from './enterprises.service.js';

@ApiTags('enterprises')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/enterprises')
export class EnterprisesController {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an enterprise (status active)' })
  @ApiCreatedResponse({ type: EnterpriseResponse })
  @ApiProblems(400, 409, 413, 415)
  @ApiIdempotencyKey()
  create(
    @Body() body: CreateEnterpriseDto,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.create(body, idempotency, context);
  }

  @Get()
  @ApiOperation({ summary: 'List enterprises, a page at a time, optionally by status' })
  @ApiOkResponse({ type: EnterpriseListResponse })
  @ApiProblems(400)
  list(@Query() query: ListEnterprisesQuery): Promise<EnterpriseListResponse> {
    return this.enterprises.list(query);
  }

  @EnterpriseAdmins({ resource: 'enterprise', via: 'path' })
  @Get(':id')
  @ApiOperation({ summary: 'Get an enterprise' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<EnterpriseResponse> {
    return this.enterprises.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, contacts or metadata (each member sent replaces the current value)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: EnterpriseResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  @ApiIfMatch()
  update(
    @Param('id') id: string,
    @Body() body: UpdateEnterpriseDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.update(id, body, precondition, context);
  }

  @StatusTransition(
    'suspend',
    'Suspend an active enterprise: its system accounts get no tokens and their issued tokens are refused',
    EnterpriseResponse,
  )
  suspend(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.suspend(id, precondition, withReason(context, body));
  }

  @StatusTransition('reactivate', 'Reactivate a suspended enterprise', EnterpriseResponse)
  reactivate(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.reactivate(id, precondition, withReason(context, body));
  }

  @StatusTransition(
    'close',
    'Close an enterprise for good (active or suspended → closed)',
    EnterpriseResponse,
  )
  close(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<EnterpriseResponse> {
    return this.enterprises.close(id, precondition, withReason(context, body));
  }
}
