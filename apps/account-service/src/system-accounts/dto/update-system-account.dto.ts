import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsInt,
  IsObject,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsNotBlank } from '../../common/validators.js';
import { CLIENT_SETTINGS_LIMITS } from '../domain/client-settings.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  GRANT_TYPES,
  type GrantType,
  ID_TOKEN_SIGNED_RESPONSE_ALGS,
  type IdTokenSignedResponseAlg,
  type JsonWebKeySet,
  SECURITY_PROFILES,
  type SecurityProfile,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../domain/system-account.js';
import {
  ID_TOKEN_ALG_SCHEMA,
  JWKS_SCHEMA,
  REDIRECT_URIS_SCHEMA,
  SECURITY_PROFILE_SCHEMA,
} from './create-system-account.dto.js';
import { RequiresBody } from '@charter/service-kit';

/** Validates a member only when it was sent; `null` is validated (and refused). */
const isPresent = (_dto: object, value: unknown): boolean => value !== undefined;
/** For members that `null` unsets: validated only when it is a value. */
const isValue = (_dto: object, value: unknown): boolean => value !== undefined && value !== null;

/**
 * `PATCH /v1/system-accounts/:id`: each member sent replaces the current value;
 * `null` unsets `jwks`, `jwksUri`, `accessTokenTtlSeconds`, `idTokenSignedResponseAlg` and
 * `securityProfile`. The settings are
 * checked as a whole after the change (see the create). The enterprise, the
 * client id and the secrets change elsewhere (or never).
 */
@RequiresBody()
export class UpdateSystemAccountDto {
  @ApiPropertyOptional({ example: 'Acme portal (production)', maxLength: 200 })
  @ValidateIf(isPresent)
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: GRANT_TYPES, isArray: true })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(GRANT_TYPES, { each: true })
  grantTypes?: GrantType[];

  @ApiPropertyOptional({
    enum: TOKEN_ENDPOINT_AUTH_METHODS,
    isArray: true,
    description:
      'A client that no longer lists client_secret_basic / client_secret_post loses its secrets; one that starts to gets a secret by rotation',
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(TOKEN_ENDPOINT_AUTH_METHODS, { each: true })
  tokenEndpointAuthMethods?: TokenEndpointAuthMethod[];

  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: ACCESS_TOKEN_TTL_SECONDS.min,
    maximum: ACCESS_TOKEN_TTL_SECONDS.max,
    description: "null: the authorization server's default",
  })
  @ValidateIf(isValue)
  @IsInt()
  @Min(ACCESS_TOKEN_TTL_SECONDS.min)
  @Max(ACCESS_TOKEN_TTL_SECONDS.max)
  accessTokenTtlSeconds?: number | null;

  @ApiPropertyOptional(REDIRECT_URIS_SCHEMA)
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(CLIENT_SETTINGS_LIMITS.redirectUris)
  @ArrayUnique()
  @IsString({ each: true })
  redirectUris?: string[];

  @ApiPropertyOptional({
    ...REDIRECT_URIS_SCHEMA,
    description: 'Where RP-initiated logout may return to',
  })
  @ValidateIf(isPresent)
  @IsArray()
  @ArrayMaxSize(CLIENT_SETTINGS_LIMITS.redirectUris)
  @ArrayUnique()
  @IsString({ each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional()
  @ValidateIf(isPresent)
  @IsBoolean()
  requirePkce?: boolean;

  @ApiPropertyOptional(JWKS_SCHEMA)
  @ValidateIf(isValue)
  @IsObject()
  jwks?: JsonWebKeySet | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @ValidateIf(isValue)
  @IsString()
  jwksUri?: string | null;

  @ApiPropertyOptional({ ...ID_TOKEN_ALG_SCHEMA, nullable: true })
  @ValidateIf(isValue)
  @IsIn(ID_TOKEN_SIGNED_RESPONSE_ALGS, {
    message: `must be one of ${ID_TOKEN_SIGNED_RESPONSE_ALGS.join(', ')}`,
  })
  idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;

  @ApiPropertyOptional({ ...SECURITY_PROFILE_SCHEMA, nullable: true })
  // null leaves the profile (the settings are then checked without it).
  @IsOptional()
  @IsIn(SECURITY_PROFILES, { message: `must be one of ${SECURITY_PROFILES.join(', ')}` })
  securityProfile?: SecurityProfile | null;
}
