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
// An enterprise's own trail (its admins read it), newest first.
@Index('audit_log_enterprise_id_at_id_idx', ['enterpriseId', 'at', 'id'])
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

  /** The acting person's email at the time (user actors); null for clients and the service. */
  @Column({ type: 'text', nullable: true })
  actorEmail!: string | null;

  /** The OAuth client whose token made the change (the person's console, the machine admin). */
  @Column({ type: 'text', nullable: true })
  clientId!: string | null;

  /** The caller's address as the trusted-proxy setting resolves it; null for the service itself. */
  @Column({ type: 'text', nullable: true })
  sourceAddress!: string | null;

  /** Why, as the caller said on a status change (`{ "reason": "…" }`). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The enterprise the change concerns (the enterprise itself, or the owner of the entity). */
  @Column({ type: 'uuid', nullable: true })
  enterpriseId!: string | null;

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
