import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import {
  USER_ROLES,
  type UserRole,
  USER_KINDS,
  USER_STATUSES,
  type User,
  type UserKind,
  type UserStatus,
} from '../domain/user.js';

/** A user as admins see it: never the password nor its hash. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: USER_KINDS })
  kind!: UserKind;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null for individual users',
  })
  enterpriseId!: string | null;

  @ApiProperty({ example: 'maija@acme.example', description: 'Lower-cased' })
  email!: string;

  @ApiProperty({ example: 'Maija Meikäläinen' })
  name!: string;

  @ApiProperty({ enum: USER_ROLES, isArray: true })
  roles!: UserRole[];

  @ApiProperty({ enum: USER_STATUSES })
  status!: UserStatus;

  @ApiProperty()
  emailVerified!: boolean;

  @ApiProperty({ description: 'Whether the user has a password (never the password itself)' })
  hasPassword!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  passwordChangedAt!: string | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set once deleted',
  })
  deletedAt!: string | null;

  @ApiProperty({ description: 'Starts at 1, +1 on every change', example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(user: User): UserResponse {
    return Object.assign(new UserResponse(), {
      id: user.id,
      kind: user.kind,
      enterpriseId: user.enterpriseId,
      email: user.email,
      name: user.name,
      roles: [...user.roles],
      status: user.status,
      emailVerified: user.emailVerified,
      hasPassword: user.passwordHash !== null,
      passwordChangedAt:
        user.passwordChangedAt === null ? null : user.passwordChangedAt.toISOString(),
      deletedAt: user.deletedAt === null ? null : user.deletedAt.toISOString(),
      version: user.version,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    });
  }
}

export class UserListResponse {
  @ApiProperty({ type: () => [UserResponse] })
  items!: UserResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<User>): UserListResponse {
    return Object.assign(new UserListResponse(), {
      items: page.items.map((user) => UserResponse.from(user)),
      nextCursor: page.nextCursor,
    });
  }
}
