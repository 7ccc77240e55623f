import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An event waiting to be published, written in the same transaction as the change
 * it describes. `position` orders publication; `id` becomes `Nats-Msg-Id`.
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished_idx', ['position'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  position!: string;

  @Column({ type: 'uuid', unique: true })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  aggregateId!: string;

  @Column({ type: 'jsonb' })
  envelope!: object;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;
}
