import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An access token revoked by its client (RFC 7009), by `jti`. Kept until the token
 * would have expired anyway; introspection reads it, and the TokenRevoked event
 * tells the resource servers.
 */
@Entity({ name: 'revoked_tokens' })
@Index('revoked_tokens_expires_at_idx', ['expiresAt'])
export class RevokedToken {
  @PrimaryColumn({ type: 'text' })
  jti!: string;

  @Column({ type: 'text' })
  clientId!: string;

  /** The token's `exp`. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz' })
  revokedAt!: Date;
}
