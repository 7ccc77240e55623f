import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  Matches,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Omittable } from '@charter/service-kit';
import {
  IsNotBlank,
  IsResourceIndicator,
  IsScopeToken,
  SCOPE_TOKEN_MAX_LENGTH,
} from '../../common/validators.js';

export class ScopeDefinitionDto {
  @ApiProperty({
    description: 'RFC 6749 §3.3 scope token (no spaces)',
    example: 'articles:read',
    maxLength: SCOPE_TOKEN_MAX_LENGTH,
  })
  @IsString()
  @IsScopeToken()
  name!: string;

  @ApiProperty({ example: 'Read published articles', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  description!: string;
}

/** Lower-case words joined by `:`, `.`, `_` or `-` (`equities`, `articles:rates`). */
export const DATASET_NAME = /^[a-z0-9]+([:._-][a-z0-9]+)*$/;
export const DATASET_NAME_MAX_LENGTH = 64;
export const DATASETS_MAX = 100;

export class DatasetDefinitionDto {
  @ApiProperty({
    description: 'Lower-case words joined by `:`, `.`, `_` or `-`',
    example: 'equities',
    maxLength: DATASET_NAME_MAX_LENGTH,
    pattern: DATASET_NAME.source,
  })
  @IsString()
  @MaxLength(DATASET_NAME_MAX_LENGTH)
  @Matches(DATASET_NAME, { message: 'must be lower-case words joined by : . _ or -' })
  name!: string;

  @ApiProperty({ example: 'Equity news and quotes (shares and indices)', maxLength: 500 })
  @IsString()
  @MaxLength(500)
  description!: string;
}

/** Unique by name; shared by register and PATCH. */
export const uniqueDatasetName = (dataset: unknown): unknown =>
  typeof dataset === 'object' && dataset !== null ? (dataset as { name?: unknown }).name : dataset;

export class CreateContentApiDto {
  @ApiProperty({ example: 'News archive API', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    description:
      'RFC 8707 resource indicator: an absolute URI without fragment, compared exactly; the `aud` of tokens for this API',
    example: 'http://localhost:3002',
    format: 'uri',
    maxLength: 2048,
  })
  @IsString()
  @IsResourceIndicator()
  resourceIndicator!: string;

  @ApiProperty({
    type: () => [ScopeDefinitionDto],
    minItems: 1,
    maxItems: 100,
    description: 'The scope catalogue; names are unique',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique(
    (scope: unknown) =>
      typeof scope === 'object' && scope !== null ? (scope as { name?: unknown }).name : scope,
    {
      message: 'must not repeat a scope name',
    },
  )
  @ValidateNested({ each: true })
  @Type(() => ScopeDefinitionDto)
  scopes!: ScopeDefinitionDto[];

  @ApiPropertyOptional({
    type: () => [DatasetDefinitionDto],
    maxItems: DATASETS_MAX,
    description:
      'The datasets a contract can cover; names are unique. Absent or empty: none declared, and every contract covers all of the data.',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(DATASETS_MAX)
  @ArrayUnique(uniqueDatasetName, { message: 'must not repeat a dataset name' })
  @ValidateNested({ each: true })
  @Type(() => DatasetDefinitionDto)
  datasets?: DatasetDefinitionDto[];
}
