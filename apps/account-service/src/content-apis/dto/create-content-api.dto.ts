import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
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
}
