import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems } from '../common/api-problems.decorator.js';
import type { VersionPrecondition } from '../common/domain/version-precondition.js';
import { IfMatch } from '../common/if-match.decorator.js';
import { EnterpriseAdmins } from '../access/enterprise-admins.decorator.js';
import { ChangeContext } from '../common/change-context.decorator.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator.js';
import type { RequestContext } from '../common/request-context.js';
import { ContentApisService } from './content-apis.service.js';
import { ContentApiListResponse, ContentApiResponse } from './dto/content-api.response.js';
import { CreateContentApiDto } from './dto/create-content-api.dto.js';
import { ListContentApisQuery } from './dto/list-content-apis.query.js';
import { UpdateContentApiDto } from './dto/update-content-api.dto.js';

@ApiTags('content-apis')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/content-apis')
export class ContentApisController {
  constructor(private readonly contentApis: ContentApisService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a content API (resource indicator, scope catalogue and datasets)',
  })
  @ApiCreatedResponse({ type: ContentApiResponse })
  @ApiProblems(400, 409, 413, 415)
  @ApiIdempotencyKey()
  create(
    @Body() body: CreateContentApiDto,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<ContentApiResponse> {
    return this.contentApis.register(body, idempotency, context);
  }

  @EnterpriseAdmins({ via: 'list' })
  @Get()
  @ApiOperation({ summary: 'List content APIs' })
  @ApiOkResponse({ type: ContentApiListResponse })
  @ApiProblems(400)
  list(@Query() query: ListContentApisQuery): Promise<ContentApiListResponse> {
    return this.contentApis.list(query);
  }

  @EnterpriseAdmins({ resource: 'content-api', via: 'path' })
  @Get(':id')
  @ApiOperation({ summary: 'Get a content API' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContentApiResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<ContentApiResponse> {
    return this.contentApis.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change the name or the datasets (the whole list); a dataset a live contract covers cannot be removed',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ContentApiResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  @ApiIfMatch()
  update(
    @Param('id') id: string,
    @Body() body: UpdateContentApiDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<ContentApiResponse> {
    return this.contentApis.update(id, body, precondition, context);
  }
}
