import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One secret of a client as the token endpoint needs it: only its keyed hash. */
export interface ProjectedSecret {
  readonly id: string;
  /** HMAC-SHA256(CREDENTIALS_HASH_KEY, secret), lowercase hex. */
  readonly hash: string;
  readonly expiresAt: string | null;
}

export interface ProjectedPlatformAccess {
  readonly audience: string;
  readonly scopes: string[];
}

/** A system account (confidential OAuth client), projected from the account service's events. */
@Entity({ name: 'clients' })
export class ProjectedClient {
  /** The system account's aggregate id. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('clients_client_id_key', { unique: true })
  @Column({ type: 'text' })
  clientId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  @Column({ type: 'text' })
  status!: 'active' | 'disabled';

  @Column({ type: 'text', array: true })
  grantTypes!: string[];

  @Column({ type: 'text', array: true })
  tokenEndpointAuthMethods!: string[];

  @Column({ type: 'integer', nullable: true })
  accessTokenTtlSeconds!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  platformAccess!: ProjectedPlatformAccess | null;

  @Column({ type: 'jsonb' })
  secrets!: ProjectedSecret[];

  /** Exact-match redirect URIs (RFC 6749 §3.1.2) of an interactive client. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  redirectUris!: string[];

  /** Where RP-initiated logout may send the user back to. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  postLogoutRedirectUris!: string[];

  /** PKCE S256 on every authorization request (always for public clients). */
  @Column({ type: 'boolean', default: true })
  requirePkce!: boolean;

  /** The client's public keys for private_key_jwt (RFC 7523), inline. */
  @Column({ type: 'jsonb', nullable: true })
  jwks!: { keys: Array<Record<string, unknown>> } | null;

  @Column({ type: 'text', nullable: true })
  jwksUri!: string | null;

  /** How this client's ID tokens are signed (OIDC Dynamic Client Registration §2); null: RS256. */
  @Column({ type: 'text', nullable: true })
  idTokenSignedResponseAlg!: 'RS256' | 'ES256' | 'PS256' | null;
  /**
   * A protected-resource client (RFC 7662 §2.1): the content API (resource indicator) whose
   * tokens it may introspect. Such a client gets no token at /token.
   */
  @Column({ type: 'text', nullable: true })
  resourceServerFor!: string | null;

  /** `fapi2`: the FAPI 2.0 Security Profile's per-request rules apply (security-profile.ts). */
  @Column({ type: 'text', nullable: true })
  securityProfile!: 'fapi2' | null;

  /** Soft deletion: a deleted client gets no token. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** The aggregate version of the last applied event. */
  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
