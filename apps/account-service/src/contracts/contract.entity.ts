import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ContentApiEntity } from '../content-apis/content-api.entity.js';
import { EnterpriseEntity } from '../enterprises/enterprise.entity.js';
import type { Contract, ContractStatus, RateLimit } from './domain/contract.js';

@Entity({ name: 'contracts' })
// Keyset pagination: each list order (and the enterprise and status filters) is one index range scan.
@Index('contracts_created_at_id_idx', ['createdAt', 'id'])
@Index('contracts_valid_from_id_idx', ['validFrom', 'id'])
@Index('contracts_enterprise_id_created_at_id_idx', ['enterpriseId', 'createdAt', 'id'])
@Index('contracts_status_created_at_id_idx', ['status', 'createdAt', 'id'])
@Check('contracts_status_check', `"status" IN ('active', 'suspended', 'terminated')`)
@Check('contracts_validity_check', `"valid_until" IS NULL OR "valid_until" > "valid_from"`)
export class ContractEntity implements Contract {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'contracts_pkey' })
  id!: string;

  @Index('contracts_enterprise_id_idx')
  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @ManyToOne(() => EnterpriseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'enterprise_id', foreignKeyConstraintName: 'contracts_enterprise_id_fkey' })
  enterprise?: EnterpriseEntity;

  @Index('contracts_content_api_id_idx')
  @Column({ type: 'uuid' })
  contentApiId!: string;

  @ManyToOne(() => ContentApiEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'content_api_id', foreignKeyConstraintName: 'contracts_content_api_id_fkey' })
  contentApi?: ContentApiEntity;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  /** Dataset names of the content API; empty: all of them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  datasets!: string[];

  /** `{ requestsPerMinute }`, or null: no limit. */
  @Column({ type: 'jsonb', nullable: true })
  rateLimit!: RateLimit | null;

  @Column({ type: 'timestamptz' })
  validFrom!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ type: 'text' })
  status!: ContractStatus;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
