import type { ClientStatus } from '@charter/auth';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A client secret as this API keeps it: its id and when it stops authenticating, never its hash. */
export interface StoredCredential {
  readonly id: string;
  /** ISO 8601; null: no expiry. */
  readonly expiresAt: string | null;
}

/**
 * What this API knows of a system account (OAuth client): enough to refuse the tokens of a
 * client that is deleted or disabled, or that were obtained with a secret since revoked.
 */
@Entity({ name: 'system_accounts' })
export class SystemAccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** What tokens carry as `client_id`. */
  @Column('text')
  clientId!: string;

  /** Null for platform accounts. */
  @Column('uuid', { nullable: true })
  enterpriseId!: string | null;

  @Column('text')
  status!: ClientStatus;

  /** Soft deletion: set once, final. */
  @Column('timestamptz', { nullable: true })
  deletedAt!: Date | null;

  /** The account's client secrets still on record (ids and expiry only). */
  @Column('jsonb')
  credentials!: StoredCredential[];

  /** The aggregate version of the last applied event; older events are skipped. */
  @Column('integer')
  version!: number;
}
