import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '../../common/domain/page.js';
import {
  GRANT_TYPES,
  type GrantType,
  ID_TOKEN_SIGNED_RESPONSE_ALGS,
  type IdTokenSignedResponseAlg,
  type JsonWebKeySet,
  SECURITY_PROFILES,
  type SecurityProfile,
  type PlatformAccess,
  type SecretCredential,
  type SystemAccount,
  type SystemAccountStatus,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type TokenEndpointAuthMethod,
} from '../domain/system-account.js';

/** A credential as admins see it: when it was made and when it ends, never the secret nor its hash. */
export class CredentialResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  expiresAt!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The name given at rotation; null when none was',
  })
  label!: string | null;

  static from(secret: SecretCredential): CredentialResponse {
    return Object.assign(new CredentialResponse(), {
      id: secret.id,
      label: secret.label,
      createdAt: secret.createdAt.toISOString(),
      expiresAt: secret.expiresAt === null ? null : secret.expiresAt.toISOString(),
    });
  }
}

export class PlatformAccessResponse {
  @ApiProperty({ example: 'http://localhost:3001' })
  audience!: string;

  @ApiProperty({ type: [String], example: ['accounts:admin'] })
  scopes!: string[];
}

export class SystemAccountResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ description: 'The OAuth client_id', example: 'sa_3q2-7wEjR9mO0Zp1cX4yVw' })
  clientId!: string;

  @ApiProperty({ example: 'Acme portal (production)' })
  name!: string;

  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null for platform accounts',
  })
  enterpriseId!: string | null;

  @ApiProperty({ enum: ['active', 'disabled'] })
  status!: SystemAccountStatus;

  @ApiProperty({ enum: GRANT_TYPES, isArray: true })
  grantTypes!: GrantType[];

  @ApiProperty({ enum: TOKEN_ENDPOINT_AUTH_METHODS, isArray: true })
  tokenEndpointAuthMethods!: TokenEndpointAuthMethod[];

  @ApiProperty({
    nullable: true,
    type: Number,
    description: "Null: the authorization server's default",
  })
  accessTokenTtlSeconds!: number | null;

  @ApiProperty({
    type: () => PlatformAccessResponse,
    nullable: true,
    description: 'Set only for platform accounts',
  })
  platformAccess!: PlatformAccessResponse | null;

  @ApiProperty({
    type: () => [CredentialResponse],
    description:
      'The client secrets, without the secrets (none for a public or private_key_jwt-only client)',
  })
  credentials!: CredentialResponse[];

  @ApiProperty({ type: [String] })
  redirectUris!: string[];

  @ApiProperty({ type: [String] })
  postLogoutRedirectUris!: string[];

  @ApiProperty()
  requirePkce!: boolean;

  @ApiProperty({
    type: 'object',
    nullable: true,
    properties: { keys: { type: 'array', items: { type: 'object' } } },
    description: 'The public keys for private_key_jwt',
  })
  jwks!: JsonWebKeySet | null;

  @ApiProperty({ type: String, nullable: true })
  jwksUri!: string | null;

  @ApiProperty({
    enum: ID_TOKEN_SIGNED_RESPONSE_ALGS,
    nullable: true,
    type: String,
    description: 'How ID tokens for this client are signed; null: RS256',
  })
  idTokenSignedResponseAlg!: IdTokenSignedResponseAlg | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'https://articles.example',
    description:
      'A protected-resource client: the content API (resource indicator) whose tokens it may introspect; it gets no token itself',
  })
  resourceServerFor!: string | null;

  @ApiProperty({
    enum: SECURITY_PROFILES,
    nullable: true,
    type: String,
    description: 'The security profile the client is held to (fapi2); null: none',
  })
  securityProfile!: SecurityProfile | null;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Set once deleted (soft deletion: final; the account gets no token)',
  })
  deletedAt!: string | null;

  @ApiProperty({ description: 'Starts at 1, +1 on every change', example: 1 })
  version!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static from(account: SystemAccount): SystemAccountResponse {
    return Object.assign(new SystemAccountResponse(), fields(account));
  }
}

/** The answer to a creation: the only time the client secret is ever shown. */
export class CreatedSystemAccountResponse extends SystemAccountResponse {
  @ApiPropertyOptional({
    description:
      'The client secret. Shown only in this response; store it now. Absent for a client that uses no secret (`none`, private_key_jwt only).',
    example: 'cs_Jm3k...',
  })
  clientSecret?: string;

  static withSecret(
    account: SystemAccount,
    clientSecret: string | null,
  ): CreatedSystemAccountResponse {
    return Object.assign(
      new CreatedSystemAccountResponse(),
      fields(account),
      clientSecret === null ? {} : { clientSecret },
    );
  }
}

export class SystemAccountListResponse {
  @ApiProperty({ type: () => [SystemAccountResponse] })
  items!: SystemAccountResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;

  static from(page: Page<SystemAccount>): SystemAccountListResponse {
    return Object.assign(new SystemAccountListResponse(), {
      items: page.items.map((account) => SystemAccountResponse.from(account)),
      nextCursor: page.nextCursor,
    });
  }
}

/** The response's members as a plain object, shared by both response classes. */
function fields(account: SystemAccount): {
  [K in keyof SystemAccountResponse]: SystemAccountResponse[K];
} {
  return {
    id: account.id,
    clientId: account.clientId,
    name: account.name,
    enterpriseId: account.enterpriseId,
    status: account.status,
    grantTypes: [...account.grantTypes],
    tokenEndpointAuthMethods: [...account.tokenEndpointAuthMethods],
    accessTokenTtlSeconds: account.accessTokenTtlSeconds,
    platformAccess: account.platformAccess === null ? null : platformAccess(account.platformAccess),
    credentials: account.secrets.map((secret) => CredentialResponse.from(secret)),
    redirectUris: [...account.redirectUris],
    postLogoutRedirectUris: [...account.postLogoutRedirectUris],
    requirePkce: account.requirePkce,
    jwks: account.jwks === null ? null : { keys: account.jwks.keys.map((key) => ({ ...key })) },
    jwksUri: account.jwksUri,
    idTokenSignedResponseAlg: account.idTokenSignedResponseAlg,
    resourceServerFor: account.resourceServerFor,
    securityProfile: account.securityProfile,
    deletedAt: account.deletedAt === null ? null : account.deletedAt.toISOString(),
    version: account.version,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

function platformAccess(access: PlatformAccess): PlatformAccessResponse {
  return Object.assign(new PlatformAccessResponse(), {
    audience: access.audience,
    scopes: [...access.scopes],
  });
}
