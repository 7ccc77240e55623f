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
import type { User, UserKind, UserRole, UserStatus } from './domain/user.js';

@Entity({ name: 'users' })
// Keyset pagination: each list order (and the enterprise filter) is one index range scan.
@Index('users_created_at_id_idx', ['createdAt', 'id'])
@Index('users_name_id_idx', ['name', 'id'])
@Index('users_enterprise_id_created_at_id_idx', ['enterpriseId', 'createdAt', 'id'])
// Emails are stored lower-cased, so a plain unique constraint is case-insensitive.
@Unique('users_email_key', ['email'])
@Check('users_kind_check', `"kind" IN ('enterprise', 'individual', 'platform')`)
@Check('users_status_check', `"status" IN ('invited', 'active', 'disabled')`)
@Check('users_enterprise_id_check', `("kind" = 'enterprise') = ("enterprise_id" IS NOT NULL)`)
@Check('users_email_check', `"email" = lower("email")`)
export class UserEntity implements User {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'users_pkey' })
  id!: string;

  @Column({ type: 'text' })
  kind!: UserKind;

  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  @ManyToOne(() => EnterpriseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'users_enterprise_id_fkey' })
  enterprise?: EnterpriseEntity;

  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: UserRole[];

  @Column({ type: 'text' })
  status!: UserStatus;

  @Column({ type: 'boolean' })
  emailVerified!: boolean;

  /** argon2id PHC string; never in a response, a log or the audit log. */
  @Column({ type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
