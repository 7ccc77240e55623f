import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsObject,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  DATASET_NAME_MAX_LENGTH,
  DATASETS_MAX,
} from '../../content-apis/dto/create-content-api.dto.js';
import { IsDateTime, IsScopeToken } from '../../common/validators.js';
import { RateLimitDto } from './rate-limit.dto.js';
import { RequiresBody } from '@charter/service-kit';

/** Validates a member only when it was sent; `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;
/** Validates a member only when it was sent and not null (`null` unsets it). */
const isSet = (_dto: object, value: unknown): boolean => value !== undefined && value !== null;

/**
 * `PATCH /v1/contracts/:id`: each member present replaces the current value (lists whole);
 * absent members stay; `validUntil: null` makes the contract open-ended, `rateLimit: null`
 * removes the limit. The same rules as signing apply to the result. `{}` changes nothing.
 */
@RequiresBody()
export class UpdateContractDto {
  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: 100,
    example: ['articles:read', 'prices:read'],
    description: "Unique scope names, each in the content API's catalogue (else 422 unknown_scope)",
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsScopeToken({ each: true })
  scopes?: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: DATASETS_MAX,
    example: ['equities'],
    description:
      "Unique names of the content API's datasets (else 422 unknown_dataset); empty: all of the content API's data",
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(DATASETS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(DATASET_NAME_MAX_LENGTH, { each: true })
  datasets?: string[];

  @ApiPropertyOptional({ format: 'date-time', example: '2025-01-01T00:00:00Z' })
  @ValidateIf(isPresent)
  @IsDateTime()
  validFrom?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'Exclusive end, later than validFrom (else 422 invalid_validity_period); null: open-ended',
  })
  @ValidateIf(isSet)
  @IsDateTime()
  validUntil?: string | null;

  @ApiPropertyOptional({ type: () => RateLimitDto, nullable: true, description: 'null: no limit' })
  @ValidateIf(isSet)
  @IsObject()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit?: RateLimitDto | null;
}
