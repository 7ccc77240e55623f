import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An access token revoked at the auth-server (TokenRevoked: RFC 7009 /revoke, a reused
 * authorization code or refresh token), kept until the token would have expired.
 */
@Entity({ name: 'revoked_tokens' })
@Index('revoked_tokens_expires_at_idx', ['expiresAt'])
export class RevokedTokenEntity {
  /** The token's `jti`. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'revoked_tokens_pkey' })
  jti!: string;

  /** The token's `exp`: after it the row is pruned (the token is refused as expired anyway). */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
