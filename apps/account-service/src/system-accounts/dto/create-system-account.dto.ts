import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { Omittable } from '@charter/service-kit';
import { IsNotBlank } from '../../common/validators.js';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_GRANT_TYPES,
  DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
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
import { CLIENT_SETTINGS_LIMITS } from '../domain/client-settings.js';

export const REDIRECT_URIS_SCHEMA: ApiPropertyOptions = {
  type: String,
  isArray: true,
  maxItems: CLIENT_SETTINGS_LIMITS.redirectUris,
  example: ['https://portal.acme.example/callback'],
  description:
    'Exact-match redirect URIs (RFC 6749 §3.1.2): absolute, no fragment, https (http only for localhost, 127.0.0.1, [::1]); authorization_code needs at least one',
};

export const JWKS_SCHEMA: ApiPropertyOptions = {
  type: 'object',
  nullable: true,
  properties: { keys: { type: 'array', items: { type: 'object' } } },
  example: { keys: [{ kty: 'EC', crv: 'P-256', x: '…', y: '…', kid: 'k1' }] },
  description: `The client's public keys for private_key_jwt (a JWK Set, 1 to ${CLIENT_SETTINGS_LIMITS.jwksKeys} EC or RSA public keys; a private member such as d, p or q is refused). Exclusive with jwksUri.`,
};

export const ID_TOKEN_ALG_SCHEMA: ApiPropertyOptions = {
  enum: ID_TOKEN_SIGNED_RESPONSE_ALGS,
  type: String,
  description:
    'How the authorization server signs ID tokens for this client (OpenID Connect Dynamic Client Registration §2 id_token_signed_response_alg); unset or null: RS256',
};

export const SECURITY_PROFILE_SCHEMA: ApiPropertyOptions = {
  enum: SECURITY_PROFILES,
  type: String,
  description:
    'fapi2: the FAPI 2.0 Security Profile for this client. The settings must agree with it (private_key_jwt only with ES256/P-256 or RSA >= 2048 keys, requirePkce, no password grant, idTokenSignedResponseAlg ES256 or PS256), and the authorization server then requires PAR, PKCE S256, DPoP-bound tokens and ES256/PS256 client assertions, and issues 60-second codes. Unset or null: no profile.',
};

export class CreateSystemAccountDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The enterprise the account belongs to; it must exist and be active. Required, except for a resource server (resourceServerFor), which belongs to none',
  })
  // Required unless the account is a resource server, which must have none (checked with the settings).
  @ValidateIf(
    (dto: CreateSystemAccountDto) =>
      dto.resourceServerFor === undefined || dto.enterpriseId !== undefined,
  )
  @IsUUID('all')
  enterpriseId?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 2048,
    example: 'https://articles.example',
    description:
      'Makes this a protected-resource client (RFC 7662): a platform account standing for the content API with this resource indicator (it must exist), which may introspect the tokens issued for that API and gets no token itself. No enterpriseId, only client_credentials in grantTypes, a confidential auth method, no redirect URIs. Set at creation only.',
  })
  @Omittable()
  @IsString()
  @IsNotBlank()
  @MaxLength(2048)
  resourceServerFor?: string;

  @ApiProperty({ example: 'Acme portal (production)', maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({
    enum: GRANT_TYPES,
    isArray: true,
    default: DEFAULT_GRANT_TYPES,
    description:
      'The legacy `password` grant is enabled only when listed here; a public client (`none`) may only use authorization_code and refresh_token',
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(GRANT_TYPES, { each: true })
  grantTypes?: GrantType[];

  @ApiPropertyOptional({
    enum: TOKEN_ENDPOINT_AUTH_METHODS,
    isArray: true,
    default: DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
    description:
      '`none`: a public client, alone, with no client secret and PKCE always; `private_key_jwt` needs jwks or jwksUri. A client secret is generated only for client_secret_basic / client_secret_post.',
  })
  @Omittable()
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
  @Omittable()
  @IsInt()
  @Min(ACCESS_TOKEN_TTL_SECONDS.min)
  @Max(ACCESS_TOKEN_TTL_SECONDS.max)
  accessTokenTtlSeconds?: number;

  @ApiPropertyOptional({ ...REDIRECT_URIS_SCHEMA, default: [] })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(CLIENT_SETTINGS_LIMITS.redirectUris)
  @ArrayUnique()
  @IsString({ each: true })
  redirectUris?: string[];

  @ApiPropertyOptional({
    ...REDIRECT_URIS_SCHEMA,
    default: [],
    example: ['https://portal.acme.example/'],
    description: 'Where RP-initiated logout may return to; the same rules as redirectUris',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(CLIENT_SETTINGS_LIMITS.redirectUris)
  @ArrayUnique()
  @IsString({ each: true })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({
    default: true,
    description: 'PKCE S256 on every authorization request; true for a public client',
  })
  @Omittable()
  @IsBoolean()
  requirePkce?: boolean;

  @ApiPropertyOptional(JWKS_SCHEMA)
  @IsOptional()
  @IsObject()
  jwks?: JsonWebKeySet;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'https://portal.acme.example/.well-known/jwks.json',
    description:
      'Where to fetch the keys for private_key_jwt: https (http only for localhost). Exclusive with jwks.',
  })
  @IsOptional()
  @IsString()
  jwksUri?: string;

  @ApiPropertyOptional({ ...ID_TOKEN_ALG_SCHEMA, nullable: true })
  // Documented nullable: null is the default, RS256.
  @IsOptional()
  @IsIn(ID_TOKEN_SIGNED_RESPONSE_ALGS, {
    message: `must be one of ${ID_TOKEN_SIGNED_RESPONSE_ALGS.join(', ')}`,
  })
  idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;

  @ApiPropertyOptional({ ...SECURITY_PROFILE_SCHEMA, nullable: true })
  // Documented nullable: null is the default, no profile.
  @IsOptional()
  @IsIn(SECURITY_PROFILES, { message: `must be one of ${SECURITY_PROFILES.join(', ')}` })
  securityProfile?: SecurityProfile | null;
}
