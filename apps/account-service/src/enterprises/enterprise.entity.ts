import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type {
  Enterprise,
  EnterpriseContact,
  EnterpriseStatus,
  Metadata,
} from './domain/enterprise.js';

@Entity({ name: 'enterprises' })
// Keyset pagination: each list order (and the status filter) is one index range scan.
@Index('enterprises_created_at_id_idx', ['createdAt', 'id'])
@Index('enterprises_name_id_idx', ['name', 'id'])
@Index('enterprises_status_created_at_id_idx', ['status', 'createdAt', 'id'])
@Unique('enterprises_business_id_key', ['businessId'])
@Check('enterprises_status_check', `"status" IN ('active', 'suspended', 'closed')`)
export class EnterpriseEntity implements Enterprise {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'enterprises_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  businessId!: string;

  @Column({ type: 'text' })
  status!: EnterpriseStatus;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: EnterpriseContact[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  metadata!: Metadata;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
