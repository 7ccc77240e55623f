import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A usage batch already counted, by its id (`UsageRecorded`'s aggregate id), written in the same
 * transaction as its counts: a batch delivered again finds its row and adds nothing.
 */
@Entity({ name: 'usage_batches' })
export class UsageBatchEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'usage_batches_pkey' })
  id!: string;

  /** The API that published it. */
  @Column({ type: 'text' })
  api!: string;

  /** The API instance that counted it (random per process). */
  @Column({ type: 'text' })
  instanceId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt!: Date;
}
