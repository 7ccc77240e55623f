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
import type { PasswordToken, PasswordTokenPurpose } from './domain/password-token.js';
import { UserEntity } from './user.entity.js';

/** One invitation or reset token of a user: its keyed hash only, never the token. */
@Entity({ name: 'password_tokens' })
@Unique('password_tokens_hash_key', ['hash'])
@Check('password_tokens_purpose_check', `"purpose" IN ('invitation', 'reset')`)
export class PasswordTokenEntity implements PasswordToken {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'password_tokens_pkey' })
  id!: string;

  @Index('password_tokens_user_id_idx')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'password_tokens_user_id_fkey' })
  user?: UserEntity;

  @Column({ type: 'text' })
  purpose!: PasswordTokenPurpose;

  /** HMAC-SHA256(CREDENTIALS_HASH_KEY, token), lowercase hex. */
  @Column({ type: 'text' })
  hash!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;
}
