import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SecretCredential } from './domain/system-account.js';
import { SystemAccountEntity } from './system-account.entity.js';

/** One client secret of a system account: its keyed hash, never the secret itself. */
@Entity({ name: 'system_account_secrets' })
export class SystemAccountSecretEntity implements SecretCredential {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'system_account_secrets_pkey' })
  id!: string;

  @Index('system_account_secrets_system_account_id_idx')
  @Column({ type: 'uuid' })
  systemAccountId!: string;

  @ManyToOne(() => SystemAccountEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'system_account_id',
    foreignKeyConstraintName: 'system_account_secrets_system_account_id_fkey',
  })
  systemAccount?: SystemAccountEntity;

  /** HMAC-SHA256(CREDENTIALS_HASH_KEY, secret), lowercase hex. */
  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  label!: string | null;
}
