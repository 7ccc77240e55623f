import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A contract between an enterprise and the provider for one content API. */
@Entity({ name: 'contracts' })
@Index('contracts_enterprise_id_idx', ['enterpriseId'])
export class ProjectedContract {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'uuid' })
  enterpriseId!: string;

  @Column({ type: 'uuid' })
  contentApiId!: string;

  /** RFC 8707 resource indicator of the content API: the token's `aud`. */
  @Column({ type: 'text' })
  resourceIndicator!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ type: 'timestamptz' })
  validFrom!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ type: 'text' })
  status!: 'active' | 'suspended' | 'terminated';

  /** Soft deletion: a deleted contract covers nothing. */
  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
