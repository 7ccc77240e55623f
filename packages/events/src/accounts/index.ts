import type { EventDefinition } from '../define-event.js';
import { ContentApiRegistered, ContentApiUpdated } from './content-api.js';
import {
  ContractCreated,
  ContractDeleted,
  ContractReactivated,
  ContractSuspended,
  ContractTerminated,
  ContractUpdated,
} from './contract.js';
import {
  EnterpriseClosed,
  EnterpriseCreated,
  EnterpriseReactivated,
  EnterpriseSuspended,
  EnterpriseUpdated,
} from './enterprise.js';
import {
  SystemAccountCreated,
  SystemAccountDeleted,
  SystemAccountSecretRevoked,
  SystemAccountSecretRotated,
  SystemAccountUpdated,
} from './system-account.js';
import {
  ContentApiSnapshotted,
  ContractSnapshotted,
  EnterpriseSnapshotted,
  SystemAccountSnapshotted,
  UserSnapshotted,
} from './snapshot.js';
import {
  UserCreated,
  UserDeleted,
  UserDisabled,
  UserEnabled,
  UserPasswordChanged,
  UserUpdated,
} from './user.js';

export * from './content-api.js';
export * from './contract.js';
export * from './enterprise.js';
export * from './snapshot.js';
export * from './system-account.js';
export * from './user.js';

/** The stream the account service publishes to. */
export const ACCOUNTS_STREAM = { name: 'ACCOUNTS', subjects: ['accounts.>'] } as const;

/** Every event the account service publishes, by type. */
export const ACCOUNT_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [
    ContentApiRegistered,
    ContentApiUpdated,
    EnterpriseCreated,
    EnterpriseUpdated,
    EnterpriseSuspended,
    EnterpriseReactivated,
    EnterpriseClosed,
    SystemAccountCreated,
    SystemAccountUpdated,
    SystemAccountSecretRotated,
    SystemAccountSecretRevoked,
    SystemAccountDeleted,
    UserCreated,
    UserUpdated,
    UserPasswordChanged,
    UserDisabled,
    UserEnabled,
    UserDeleted,
    ContractCreated,
    ContractSuspended,
    ContractReactivated,
    ContractTerminated,
    ContractDeleted,
    ContractUpdated,
    ContentApiSnapshotted,
    EnterpriseSnapshotted,
    SystemAccountSnapshotted,
    UserSnapshotted,
    ContractSnapshotted,
  ].map((definition) => [definition.type, definition as EventDefinition]),
);
