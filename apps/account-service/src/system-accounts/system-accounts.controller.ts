import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { EnterpriseAdmins } from '../access/enterprise-admins.decorator.js';
import { ApiIdempotencyKey, ApiIfMatch, ApiProblems } from '../common/api-problems.decorator.js';
import { ChangeContext } from '../common/change-context.decorator.js';
import { StatusChangeDto } from '../common/status-change.dto.js';
import type { VersionPrecondition } from '../common/domain/version-precondition.js';
import { IfMatch } from '../common/if-match.decorator.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator.js';
import { type RequestContext, withReason } from '../common/request-context.js';
import { CreateSystemAccountDto } from './dto/create-system-account.dto.js';
import { CredentialListResponse, RotatedCredentialResponse } from './dto/credentials.response.js';
import { ListSystemAccountsQuery } from './dto/list-system-accounts.query.js';
import { RotateCredentialsDto } from './dto/rotate-credentials.dto.js';
import { UpdateSystemAccountDto } from './dto/update-system-account.dto.js';
import {
  CreatedSystemAccountResponse,
  SystemAccountListResponse,
  SystemAccountResponse,
} from './dto/system-account.response.js';
import { SystemAccountsService } from './system-accounts.service.js';

@ApiTags('system-accounts')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/system-accounts')
export class SystemAccountsController {
  constructor(private readonly systemAccounts: SystemAccountsService) {}

  @EnterpriseAdmins({ via: 'create-system-account' })
  @Post()
  @HttpCode(201)
  @ApiIdempotencyKey()
  // The answer holds the client secret: no cache may keep it (RFC 9111 §5.2.2.5).
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "Create a system account (OAuth client) of an enterprise; the client secret is in this response only. An enterprise admin creates their own enterprise's, only while it holds a contract in force, and never a resource server (403 `beyond_contract`)",
  })
  @ApiCreatedResponse({ type: CreatedSystemAccountResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  create(
    @Body() body: CreateSystemAccountDto,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<CreatedSystemAccountResponse> {
    return this.systemAccounts.create(body, idempotency, context);
  }

  @EnterpriseAdmins({ via: 'list' })
  @Get()
  @ApiOperation({ summary: 'List system accounts (credentials by id and dates only)' })
  @ApiOkResponse({ type: SystemAccountListResponse })
  @ApiProblems(400)
  list(@Query() query: ListSystemAccountsQuery): Promise<SystemAccountListResponse> {
    return this.systemAccounts.list(query);
  }

  @EnterpriseAdmins({ resource: 'system-account', via: 'path' })
  @Get(':id')
  @ApiOperation({ summary: 'Get a system account (credentials by id and dates only)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SystemAccountResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<SystemAccountResponse> {
    return this.systemAccounts.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change name, grant types, auth methods, token lifetime, redirect URIs, PKCE or keys (each member sent replaces the current value)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SystemAccountResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  @ApiIfMatch()
  update(
    @Param('id') id: string,
    @Body() body: UpdateSystemAccountDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.systemAccounts.update(id, body, precondition, context);
  }

  @EnterpriseAdmins({ resource: 'system-account', via: 'path' })
  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Delete a system account (soft: kept with deletedAt, gets no token from then on, takes no more changes)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: SystemAccountResponse })
  @ApiProblems(404, 409)
  @ApiIfMatch()
  delete(
    @Param('id') id: string,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.systemAccounts.delete(id, precondition, context);
  }

  @EnterpriseAdmins({ resource: 'system-account', via: 'path' })
  @Get(':id/credentials')
  @ApiOperation({ summary: "List a system account's credentials (ids and dates, never a secret)" })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CredentialListResponse })
  @ApiProblems(404)
  listCredentials(@Param('id') id: string): Promise<CredentialListResponse> {
    return this.systemAccounts.listCredentials(id);
  }

  @EnterpriseAdmins({ resource: 'system-account', via: 'path' })
  @Post(':id/credentials/rotate')
  @HttpCode(201)
  @ApiIfMatch()
  @ApiIdempotencyKey()
  // The answer holds the new client secret: no cache may keep it (RFC 9111 §5.2.2.5).
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Rotate: a new client secret (in this response only); the secrets in use expire after the overlap',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: RotatedCredentialResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  rotateCredentials(
    @Param('id') id: string,
    @Body() body: RotateCredentialsDto,
    @IfMatch() precondition: VersionPrecondition,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<RotatedCredentialResponse> {
    return this.systemAccounts.rotateCredentials(id, body, precondition, idempotency, context);
  }

  @EnterpriseAdmins({ resource: 'system-account', via: 'path' })
  @Post(':id/credentials/:credentialId/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a credential: its secret stops working at once' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'credentialId', format: 'uuid' })
  @ApiOkResponse({ type: SystemAccountResponse })
  @ApiProblems(400, 404, 409)
  @ApiIfMatch()
  revokeCredential(
    @Param('id') id: string,
    @Param('credentialId') credentialId: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<SystemAccountResponse> {
    return this.systemAccounts.revokeCredential(
      id,
      credentialId,
      precondition,
      withReason(context, body),
    );
  }
}
