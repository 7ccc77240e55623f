import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user as login needs it, projected from the account service's User* events. */
@Entity({ name: 'users' })
export class ProjectedUser {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  kind!: 'enterprise' | 'individual' | 'platform';

  /** Set for enterprise users, null for individual users. */
  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

  /** Lower-cased by the account service; the login name. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'text' })
  status!: 'invited' | 'active' | 'disabled';

  @Column({ type: 'boolean' })
  emailVerified!: boolean;

  /** argon2id PHC string, or null while the user has no password (invited). */
  @Column({ type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
