import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { IncludeDeletedQuery } from '../../common/page.query.js';
import { USER_KINDS, USER_STATUSES, type UserKind, type UserStatus } from '../domain/user.js';

export const USER_SORTS = ['createdAt', '-createdAt', 'name', '-name'] as const;

export class ListUsersQuery extends IncludeDeletedQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the users of this enterprise' })
  @IsOptional()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({ enum: USER_KINDS, description: 'Only users of this kind' })
  @IsOptional()
  @IsIn(USER_KINDS)
  kind?: UserKind;

  @ApiPropertyOptional({ enum: USER_STATUSES, description: 'Only users in this status' })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;

  @ApiPropertyOptional({
    description: 'Only the user with this email (compared case-insensitively)',
  })
  @IsOptional()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;

  @ApiPropertyOptional({
    enum: USER_SORTS,
    default: 'createdAt',
    description: '`-` sorts descending',
  })
  @IsOptional()
  @IsIn(USER_SORTS)
  sort: (typeof USER_SORTS)[number] = 'createdAt';
}
