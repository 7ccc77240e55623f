import type { UserStatus } from '@charter/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this API knows of a user: enough to refuse the tokens of a user who may no longer act. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Null for individual users. */
  @Column('uuid', { nullable: true })
  enterpriseId!: string | null;

  @Column('text')
  status!: UserStatus;

  /** Soft deletion: set once, final. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  /** The aggregate version of the last applied event; older events are skipped. */
  @Column('integer')
  version!: number;
}
