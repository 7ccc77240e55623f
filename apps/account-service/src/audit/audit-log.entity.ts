import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One admin change: who did what to which entity, with the state before and after
 * (secrets and their hashes redacted). Written in the transaction of the change.
 */
@Entity({ name: 'audit_log' })
@Index('audit_log_entity_idx', ['entityType', 'entityId', 'at'])
// Keyset pagination (newest first by default) and the actor filter.
@Index('audit_log_at_id_idx', ['at', 'id'])
@Index('audit_log_actor_id_at_id_idx', ['actorId', 'at', 'id'])
export class AuditLogEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'audit_log_pkey' })
  id!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** `client`, `user` or `system`, as in an event's actor. */
  @Column({ type: 'text' })
  actorType!: string;

  @Column({ type: 'text' })
  actorId!: string;

  /** The event type the change emitted, e.g. `ContractSuspended`. */
  @Column({ type: 'text' })
  action!: string;

  /** The aggregate type, as in the event envelope (`contract`, `system-account`, ...). */
  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  /** The HTTP request's id; null for changes made by the service itself (bootstrap). */
  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Column({ type: 'text' })
  correlationId!: string;
}
