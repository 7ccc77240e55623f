import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A create done under an `Idempotency-Key`: written in the create's own
 * transaction, so the key exists exactly when the created resource does.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  clientId!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  /** SHA-256 (hex) of method, path and canonical body. */
  @Column({ type: 'text' })
  fingerprint!: string;

  /** The response status; 0 only inside the creating transaction, before it is known. */
  @Column({ type: 'integer' })
  status!: number;

  /** The response body, without secrets (a client secret is never stored). */
  @Column({ type: 'jsonb', nullable: true })
  response!: object | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
