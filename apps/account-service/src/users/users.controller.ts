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
import { type RequestContext, withReason } from '../common/request-context.js';
import type { IdempotentRequest } from '../idempotency/domain/idempotent-request.js';
import { IdempotencyKey } from '../idempotency/idempotency-key.decorator.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { ListUsersQuery } from './dto/list-users.query.js';
import { IssuedPasswordTokenResponse, IssuePasswordTokenDto } from './dto/password-token.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserListResponse, UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @EnterpriseAdmins({ via: 'create-user' })
  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Create an enterprise or individual user: active with an initial password, else invited',
  })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  @ApiIdempotencyKey()
  create(
    @Body() body: CreateUserDto,
    // The password stays out of the stored fingerprint (the service binds in its keyed hash).
    @IdempotencyKey(['password']) idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<UserResponse> {
    return this.users.create(body, idempotency, context);
  }

  @EnterpriseAdmins({ via: 'list' })
  @Get()
  @ApiOperation({ summary: 'List users, a page at a time, by enterprise, kind, status or email' })
  @ApiOkResponse({ type: UserListResponse })
  @ApiProblems(400)
  list(@Query() query: ListUsersQuery): Promise<UserListResponse> {
    return this.users.list(query);
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @Get(':id')
  @ApiOperation({ summary: 'Get a user (a deleted one too, with deletedAt)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404)
  get(@Param('id') id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @Patch(':id')
  @ApiOperation({
    summary: 'Change name, email or roles (each member sent replaces the current value)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  @ApiIfMatch()
  update(
    @Param('id') id: string,
    @Body() body: UpdateUserDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<UserResponse> {
    return this.users.update(id, body, precondition, context);
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @StatusTransition(
    'disable',
    'Disable an invited or active user: no login, their tokens are refused',
    UserResponse,
  )
  disable(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<UserResponse> {
    return this.users.disable(id, precondition, withReason(context, body));
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @StatusTransition(
    'enable',
    'Enable a disabled user (active, or invited when they have no password)',
    UserResponse,
  )
  enable(
    @Param('id') id: string,
    @Body() body: StatusChangeDto,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<UserResponse> {
    return this.users.enable(id, precondition, withReason(context, body));
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Delete a user (soft: kept with deletedAt, never logs in again, takes no more changes)',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(404, 409)
  @ApiIfMatch()
  delete(
    @Param('id') id: string,
    @IfMatch() precondition: VersionPrecondition,
    @ChangeContext() context: RequestContext,
  ): Promise<UserResponse> {
    return this.users.delete(id, precondition, context);
  }

  @EnterpriseAdmins({ resource: 'user', via: 'path' })
  @Post(':id/password-tokens')
  @HttpCode(201)
  @ApiIdempotencyKey()
  // The answer holds the token: no cache may keep it (RFC 9111 §5.2.2.5).
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Issue a one-time invitation (72 h) or reset (1 h) token, shown in this response only; older tokens stop working',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiCreatedResponse({ type: IssuedPasswordTokenResponse })
  @ApiProblems(400, 404, 409, 413, 415)
  issuePasswordToken(
    @Param('id') id: string,
    @Body() body: IssuePasswordTokenDto,
    @IdempotencyKey() idempotency: IdempotentRequest | null,
    @ChangeContext() context: RequestContext,
  ): Promise<IssuedPasswordTokenResponse> {
    return this.users.issuePasswordToken(id, body.purpose, idempotency, context);
  }
}
