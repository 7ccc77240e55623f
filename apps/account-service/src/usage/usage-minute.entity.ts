import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Requests of one contract in one minute, by API, dataset, client and outcome, summed over every
 * instance of every API. The contract id is the token's (no foreign key: usage outlives nothing
 * and a contract is never hard-deleted); reads join the contracts for their enterprise.
 */
@Entity({ name: 'usage_minutes' })
export class UsageMinuteEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'usage_minutes_pkey' })
  contractId!: string;

  /** The start of the minute (UTC). */
  @PrimaryColumn({ type: 'timestamptz', primaryKeyConstraintName: 'usage_minutes_pkey' })
  minute!: Date;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_minutes_pkey' })
  api!: string;

  /** The route's dataset, `''` when it names none. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_minutes_pkey' })
  dataset!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_minutes_pkey' })
  clientId!: string;

  /** `served` or the refusal reason. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'usage_minutes_pkey' })
  outcome!: string;

  /** bigint: a busy contract's month exceeds 2^31 requests; read back as a string by pg. */
  @Column({ type: 'bigint' })
  count!: string;
}
