import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsMetadata, IsNotBlank } from '../../common/validators.js';
import { ENTERPRISE_LIMITS } from '../domain/enterprise.js';
import { ContactDto } from './contact.dto.js';
import { METADATA_LIMITS, METADATA_SCHEMA } from './create-enterprise.dto.js';
import { RequiresBody } from '@charter/service-kit';

/** Validates a member only when it was sent; unlike @IsOptional, `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;

/**
 * `PATCH /v1/enterprises/:id`: each member present replaces the current value
 * (`contacts` the whole list, `metadata` the whole map); absent members stay.
 * The business id and the status do not change here. `null` is refused (nothing
 * here can be unset); `{}` changes nothing.
 */
@RequiresBody()
export class UpdateEnterpriseDto {
  @ApiPropertyOptional({ example: 'Acme Media Group Oy', maxLength: 200 })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: () => [ContactDto], maxItems: ENTERPRISE_LIMITS.contacts })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(ENTERPRISE_LIMITS.contacts)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional(METADATA_SCHEMA)
  @ValidateIf(isPresent)
  @IsMetadata(METADATA_LIMITS)
  metadata?: Record<string, string>;
}
