import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A token its client revoked at the auth-server (TokenRevoked), kept until the token would have expired. */
@Entity({ name: 'revoked_tokens' })
@Index('revoked_tokens_expires_at_idx', ['expiresAt'])
export class RevokedTokenEntity {
  /** The token's `jti`. */
  @PrimaryColumn('text')
  jti!: string;

  /** The token's `exp`: after it the row is pruned (the token is refused as expired anyway). */
  @Column('timestamptz')
  expiresAt!: Date;
}
