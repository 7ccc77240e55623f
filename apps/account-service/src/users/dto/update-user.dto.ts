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
import { ENTERPRISE_ROLES, type EnterpriseRole } from '../domain/user.js';
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
    enum: ENTERPRISE_ROLES,
    isArray: true,
    description: 'Replaces the whole list',
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayUnique()
  @IsIn(ENTERPRISE_ROLES, { each: true })
  roles?: EnterpriseRole[];
}
