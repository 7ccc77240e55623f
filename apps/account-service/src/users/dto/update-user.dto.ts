import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';
import { type UserRole, USER_ROLES } from '../domain/user.js';
import { RequiresBody } from '@charter/service-kit';

/** Validates a member only when it was sent; unlike @IsOptional, `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;

/**
 * `PATCH /v1/users/:id`: each member present replaces the current value; absent
 * members stay. Kind, enterprise, status and password change elsewhere (or never).
 */
@RequiresBody()
export class UpdateUserDto {
  @ApiPropertyOptional({ example: 'Maija Virtanen', maxLength: 200 })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ example: 'maija.virtanen@acme.example', maxLength: 254 })
  @ValidateIf(isPresent)
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;

  @ApiPropertyOptional({
    enum: USER_ROLES,
    isArray: true,
    description:
      "Replaces the whole list; the roles must fit the user's kind (see the create). The last active platform admin keeps `platform-admin` (409 `last_platform_admin`)",
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayUnique()
  @IsIn(USER_ROLES, { each: true })
  roles?: UserRole[];
}
