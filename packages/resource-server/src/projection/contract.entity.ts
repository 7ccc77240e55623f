import type { ContractStatus } from '@charter/events';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What this API knows of a contract: enough to decide whether a token is still in force. */
@Entity({ name: 'contracts' })
export class ContractEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  enterpriseId!: string;

  /** The content API the contract covers (RFC 8707 resource indicator). */
  @Column('text')
  resourceIndicator!: string;

  @Column('text', { array: true })
  scopes!: string[];

  /** Dataset names the contract covers; empty: all of this API's data. */
  @Column('text', { array: true, default: () => "'{}'" })
  datasets!: string[];

  /** The contract's rate limit; null: none. */
  @Column('integer', { nullable: true })
  requestsPerMinute!: number | null;

  @Column('timestamptz')
  validFrom!: Date;

  @Column('timestamptz', { nullable: true })
  validUntil!: Date | null;

  @Column('text')
  status!: ContractStatus;

  /** Soft deletion (ContractDeleted): a deleted contract covers nothing. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  /** The aggregate version of the last applied event; older events are skipped. */
  @Column('integer')
  version!: number;
}
