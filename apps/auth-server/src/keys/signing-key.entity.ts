import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The public members of an EC (P-256) or RSA JWK. */
export interface PublicJwkMembers {
  readonly kty: string;
  readonly crv?: string;
  readonly x?: string;
  readonly y?: string;
  readonly n?: string;
  readonly e?: string;
}

/**
 * A signing key pair. It signs from `notBefore` until `activeUntil`, and the
 * JWKS publishes its public half until `expiresAt` (after the last token it
 * signed has expired). The private half is stored only encrypted.
 */
@Entity({ name: 'signing_keys' })
@Index('signing_keys_expires_at_idx', ['expiresAt'])
export class SigningKey {
  /** RFC 7638 JWK thumbprint (SHA-256) of the public key. */
  @PrimaryColumn({ type: 'text' })
  kid!: string;

  @Column({ type: 'text' })
  algorithm!: string;

  /** The public JWK (no private members). */
  @Column({ type: 'jsonb' })
  publicJwk!: PublicJwkMembers;

  /** The private JWK, AES-256-GCM encrypted under KEYS_ENCRYPTION_KEY (see KeyEncryption). */
  @Column({ type: 'text' })
  privateJwkEncrypted!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  notBefore!: Date;

  @Column({ type: 'timestamptz' })
  activeUntil!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
