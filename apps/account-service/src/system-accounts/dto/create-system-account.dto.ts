import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_GRANT_TYPES,
  DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
  GRANT_TYPES,
  type GrantType,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../domain/system-account.js';

export class CreateSystemAccountDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The enterprise the account belongs to; it must exist and be active',
  })
  @IsUUID('all')
  enterpriseId!: string;

  @ApiProperty({ example: 'Acme portal (production)', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    enum: GRANT_TYPES,
    isArray: true,
    default: DEFAULT_GRANT_TYPES,
    description: 'The legacy `password` grant is enabled only when listed here',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(GRANT_TYPES, { each: true })
  grantTypes?: GrantType[];

  @ApiPropertyOptional({
    enum: TOKEN_ENDPOINT_AUTH_METHODS,
    isArray: true,
    default: DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TOKEN_ENDPOINT_AUTH_METHODS, { each: true })
  tokenEndpointAuthMethods?: TokenEndpointAuthMethod[];

  @ApiPropertyOptional({
    minimum: ACCESS_TOKEN_TTL_SECONDS.min,
    maximum: ACCESS_TOKEN_TTL_SECONDS.max,
    description: "Access token lifetime in seconds; unset: the authorization server's default",
  })
  @IsOptional()
  @IsInt()
  @Min(ACCESS_TOKEN_TTL_SECONDS.min)
  @Max(ACCESS_TOKEN_TTL_SECONDS.max)
  accessTokenTtlSeconds?: number;
}
