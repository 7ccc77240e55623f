import { defineEvent } from '../define-event.js';
import { ContentApiState } from './content-api.js';
import { ContractState } from './contract.js';
import { EnterpriseState } from './enterprise.js';
import { SYSTEM_ACCOUNT_SEALED_FIELDS, SystemAccountState } from './system-account.js';
import { USER_SEALED_FIELDS, UserState } from './user.js';

/*
 * Snapshot events: the account service's answer to a snapshot request. Each carries one aggregate's
 * whole current state at its current version (the version of its last event), so a consumer applies
 * it with the same rule as any other event: not newer than what it has, it changes nothing. Deleted
 * aggregates are soft-deleted, so they are in the snapshot too, with `deletedAt`. All events of one
 * snapshot share its id as their `correlationId`.
 */

export const ContentApiSnapshotted = defineEvent({
  type: 'ContentApiSnapshotted',
  subject: 'accounts.content-api.snapshotted',
  schemaVersion: 1,
  aggregateType: 'content-api',
  data: ContentApiState,
});

export const EnterpriseSnapshotted = defineEvent({
  type: 'EnterpriseSnapshotted',
  subject: 'accounts.enterprise.snapshotted',
  schemaVersion: 1,
  aggregateType: 'enterprise',
  data: EnterpriseState,
});

export const SystemAccountSnapshotted = defineEvent({
  type: 'SystemAccountSnapshotted',
  subject: 'accounts.system-account.snapshotted',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});

export const UserSnapshotted = defineEvent({
  type: 'UserSnapshotted',
  subject: 'accounts.user.snapshotted',
  schemaVersion: 1,
  aggregateType: 'user',
  data: UserState,
  sealed: USER_SEALED_FIELDS,
});

export const ContractSnapshotted = defineEvent({
  type: 'ContractSnapshotted',
  subject: 'accounts.contract.snapshotted',
  schemaVersion: 1,
  aggregateType: 'contract',
  data: ContractState,
});

/**
 * Where a consumer asks the account service for a snapshot: a core NATS request (namespaced), outside
 * the ACCOUNTS stream's `accounts.>` (a request on a stream subject would be stored and answered by
 * JetStream itself). Body `SnapshotRequest`, answer `SnapshotReply`.
 */
export const ACCOUNTS_SNAPSHOT_REQUEST_SUBJECT = 'requests.accounts.snapshot';
