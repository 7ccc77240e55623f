import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsEmail, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { IsNotBlank } from '../../common/validators.js';
import {
  DEFAULT_ENTERPRISE_ROLES,
  type UserRole,
  USER_ROLES,
  USER_KINDS,
  type UserKind,
} from '../domain/user.js';
import { PASSWORD_LENGTH } from '../domain/password-policy.js';

export class CreateUserDto {
  @ApiProperty({ enum: USER_KINDS })
  @IsIn(USER_KINDS)
  kind!: UserKind;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'Required for an enterprise user (the enterprise must exist and be active); absent for individual and platform users',
  })
  @Omittable()
  @IsUUID('all')
  enterpriseId?: string;

  @ApiProperty({
    example: 'maija@acme.example',
    maxLength: 254,
    description: 'The login name; stored lower-cased, unique across all users (deleted ones too)',
  })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @ApiProperty({ example: 'Maija Meikäläinen', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    enum: USER_ROLES,
    isArray: true,
    default: DEFAULT_ENTERPRISE_ROLES,
    description:
      'Enterprise users: `enterprise-admin`, `member` (default `["member"]`); platform users: `platform-admin` and/or `platform-auditor` (at least one; platform admins only may create them); individual users: none',
  })
  @Omittable()
  @IsArray()
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];

  @ApiPropertyOptional({
    minLength: PASSWORD_LENGTH.min,
    maxLength: PASSWORD_LENGTH.max,
    description:
      'An initial password set by the admin: the user is then `active`. Absent: `invited` until a password token is redeemed. Never shown again.',
  })
  @Omittable()
  @IsString()
  // The length rule (in characters) is the domain's; this only bounds what is parsed.
  @MaxLength(4 * PASSWORD_LENGTH.max)
  password?: string;
}
