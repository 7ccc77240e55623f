import type { EnterpriseStatus } from '@charter/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this API knows of an enterprise: whether it is active. */
@Entity({ name: 'enterprises' })
export class EnterpriseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  status!: EnterpriseStatus;

  /** The aggregate version of the last applied event; older events are skipped. */
  @Column('integer')
  version!: number;
}
