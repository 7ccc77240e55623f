import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  Unique,
} from 'typeorm';
import { EnterpriseEntity } from '../enterprises/enterprise.entity.js';
import type {
  GrantType,
  IdTokenSignedResponseAlg,
  PlatformAccess,
  SecurityProfile,
  SystemAccountStatus,
  TokenEndpointAuthMethod,
} from './domain/system-account.js';

/** A system account's own columns; its secrets are rows of SystemAccountSecretEntity. */
@Entity({ name: 'system_accounts' })
// Keyset pagination: each list order (and the enterprise filter) is one index range scan.
@Index('system_accounts_created_at_id_idx', ['createdAt', 'id'])
@Index('system_accounts_name_id_idx', ['name', 'id'])
@Index('system_accounts_enterprise_id_created_at_id_idx', ['enterpriseId', 'createdAt', 'id'])
@Unique('system_accounts_client_id_key', ['clientId'])
@Check('system_accounts_status_check', `"status" IN ('active', 'disabled')`)
@Check(
  'system_accounts_access_token_ttl_seconds_check',
  `"access_token_ttl_seconds" BETWEEN 5 AND 86400`,
)
@Check('system_accounts_security_profile_check', `"security_profile" IN ('fapi2')`)
@Check(
  'system_accounts_id_token_signed_response_alg_check',
  `"id_token_signed_response_alg" IN ('RS256', 'ES256', 'PS256')`,
)
export class SystemAccountEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'system_accounts_pkey' })
  id!: string;

  @Column({ type: 'text' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Index('system_accounts_enterprise_id_idx')
  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  @ManyToOne(() => EnterpriseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'enterprise_id',
    foreignKeyConstraintName: 'system_accounts_enterprise_id_fkey',
  })
  enterprise?: EnterpriseEntity;

  @Column({ type: 'text' })
  status!: SystemAccountStatus;

  @Column({ type: 'text', array: true })
  grantTypes!: GrantType[];

  @Column({ type: 'text', array: true })
  tokenEndpointAuthMethods!: TokenEndpointAuthMethod[];

  /** Null: the authorization server's default lifetime. */
  @Column({ type: 'integer', nullable: true })
  accessTokenTtlSeconds!: number | null;

  /** Set only for platform accounts (no enterprise): the audience and scopes they get without a contract. */
  @Column({ type: 'jsonb', nullable: true })
  platformAccess!: PlatformAccess | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  postLogoutRedirectUris!: string[];

  @Column({ type: 'boolean', default: true })
  requirePkce!: boolean;

  /** The client's public keys for private_key_jwt (a JWK Set), or null. */
  @Column({ type: 'jsonb', nullable: true })
  jwks!: object | null;

  @Column({ type: 'text', nullable: true })
  jwksUri!: string | null;

  /** The ID token signing algorithm; null: RS256 (OIDC Dynamic Client Registration §2). */
  @Column({ type: 'text', nullable: true })
  idTokenSignedResponseAlg!: IdTokenSignedResponseAlg | null;
  /** A protected-resource client's content API (resource indicator); null for other accounts. */
  @Column({ type: 'text', nullable: true })
  resourceServerFor!: string | null;

  /** The client's security profile (`fapi2`); null: none. */
  @Column({ type: 'text', nullable: true })
  securityProfile!: SecurityProfile | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
