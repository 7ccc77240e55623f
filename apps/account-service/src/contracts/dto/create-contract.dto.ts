import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { Type } from 'class-transformer';
import {
  DATASETS_MAX,
  DATASET_NAME_MAX_LENGTH,
} from '../../content-apis/dto/create-content-api.dto.js';
import { RateLimitDto } from './rate-limit.dto.js';
import { IsDateTime, IsLaterThan, IsScopeToken } from '../../common/validators.js';

export class CreateContractDto {
  @ApiProperty({ format: 'uuid', description: 'An existing, active enterprise' })
  @IsUUID('all')
  enterpriseId!: string;

  @ApiProperty({ format: 'uuid', description: 'An existing content API' })
  @IsUUID('all')
  contentApiId!: string;

  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: 100,
    example: ['articles:read'],
    description: "Unique scope names, each in the content API's catalogue (else 422 unknown_scope)",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @IsScopeToken({ each: true })
  scopes!: string[];

  @ApiPropertyOptional({
    type: [String],
    maxItems: DATASETS_MAX,
    example: ['equities', 'fx'],
    description:
      "Unique names of the content API's datasets the contract covers (else 422 unknown_dataset). Absent or empty: **all** of the content API's data, including datasets declared later.",
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(DATASETS_MAX)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(DATASET_NAME_MAX_LENGTH, { each: true })
  datasets?: string[];

  @ApiPropertyOptional({
    type: () => RateLimitDto,
    nullable: true,
    description: 'Absent or null: no rate limit',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RateLimitDto)
  rateLimit?: RateLimitDto | null;

  @ApiProperty({
    format: 'date-time',
    example: '2025-01-01T00:00:00Z',
    description: 'ISO 8601 date-time with offset',
  })
  @IsDateTime()
  validFrom!: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-01-01T00:00:00Z',
    description: 'Exclusive end, later than validFrom; unset: open-ended',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsDateTime()
  @IsLaterThan('validFrom')
  validUntil?: string | null;
}
