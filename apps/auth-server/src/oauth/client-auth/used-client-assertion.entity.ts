import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A client assertion (private_key_jwt) already used, by client and `jti`: kept until
 * the assertion's `exp` plus the clock tolerance (as long as it would be accepted), so the same assertion is refused on every instance (RFC 7523
 * §3 item 7, OpenID Connect Core §9), then pruned.
 */
@Entity({ name: 'used_client_assertions' })
@Index('used_client_assertions_expires_at_idx', ['expiresAt'])
export class UsedClientAssertion {
  @PrimaryColumn({ type: 'text' })
  clientId!: string;

  @PrimaryColumn({ type: 'text' })
  jti!: string;

  /** The assertion's `exp` plus the clock tolerance: until then the `jti` is a replay. */
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
