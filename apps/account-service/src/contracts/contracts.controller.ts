import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
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
import { ContractsService } from './contracts.service.js';
import { ContractListResponse, ContractResponse } from './dto/contract.response.js';
import { CreateContractDto } from './dto/create-contract.dto.js';
import { ListContractsQuery } from './dto/list-contracts.query.js';
import { UpdateContractDto } from './dto/update-contract.dto.js';

@ApiTags('contracts')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/contracts')
export class ContractsController {
  constructor(private readonly contracts: ContractsService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Sign a contract: an enterprise may read some scopes of a content API for a period',
  })
  @ApiCreatedResponse({ type: ContractResponse })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  @ApiIdempotencyKey()
  create(
    @Body() body: CreateContractDto,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.create(body, idempotency, context);
  }

  @EnterpriseAdmins({ via: 'list' })
  @Get()
  @ApiOperation({
    summary:
      'List contracts, a page at a time, by enterprise, content API, status or in force at an instant',
  })
  @ApiOkResponse({ type: ContractListResponse })
  @ApiProblems(400)
  list(@Query() query: ListContractsQuery): Promise<ContractListResponse> {
    return this.contracts.list(query);
  }

  @EnterpriseAdmins({ resource: 'contract', via: 'path' })
  @Get(':id')
  @ApiOperation({ summary: 'Get a contract' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<ContractResponse> {
    return this.contracts.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change the terms: scopes, datasets (empty: all of the content API’s data), validity or rate limit; each member sent replaces the current value',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiProblems(400, 404, 409, 413, 415, 422)
  @ApiIfMatch()
  update(
    @Param('id') id: string,
    @Body() body: UpdateContractDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.update(id, body, precondition, context);
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Delete a contract (soft: kept with deletedAt, covers nothing from then on, takes no more changes)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContractResponse })
  @ApiProblems(404, 409)
  @ApiIfMatch()
  delete(
    @Param('id') id: string,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.delete(id, precondition, context);
  }

  @StatusTransition(
    'suspend',
    'Suspend an active contract (access stops until reactivated)',
    ContractResponse,
  )
  suspend(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.suspend(id, precondition, withReason(context, body));
  }

  @StatusTransition('reactivate', 'Reactivate a suspended contract', ContractResponse)
  reactivate(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.reactivate(id, precondition, withReason(context, body));
  }

  @StatusTransition('terminate', 'Terminate a contract for good', ContractResponse)
  terminate(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContractResponse> {
    return this.contracts.terminate(id, precondition, withReason(context, body));
  }
}
