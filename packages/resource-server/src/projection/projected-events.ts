import {
  ContractCreated,
  ContractDeleted,
  ContractReactivated,
  ContractSnapshotted,
  ContractSuspended,
  ContractTerminated,
  ContractUpdated,
  EnterpriseClosed,
  EnterpriseCreated,
  EnterpriseReactivated,
  EnterpriseSnapshotted,
  EnterpriseSuspended,
  EnterpriseUpdated,
  type EventDefinition,
  SystemAccountCreated,
  SystemAccountDeleted,
  SystemAccountSecretRevoked,
  SystemAccountSecretRotated,
  SystemAccountSnapshotted,
  SystemAccountUpdated,
  UserCreated,
  UserDeleted,
  UserDisabled,
  UserEnabled,
  UserPasswordChanged,
  UserSnapshotted,
  UserUpdated,
} from '@charter/events';

/** The contract events this API projects (each carries the contract's whole state). */
export const CONTRACT_EVENTS: readonly EventDefinition[] = [
  ContractCreated,
  ContractSuspended,
  ContractReactivated,
  ContractTerminated,
  ContractDeleted,
  ContractSnapshotted,
  ContractUpdated,
];

export const ENTERPRISE_EVENTS: readonly EventDefinition[] = [
  EnterpriseCreated,
  EnterpriseUpdated,
  EnterpriseSuspended,
  EnterpriseReactivated,
  EnterpriseClosed,
  EnterpriseSnapshotted,
];

/** Each carries the user's whole state; a token whose `sub` is a user follows it. */
export const USER_EVENTS: readonly EventDefinition[] = [
  UserCreated,
  UserUpdated,
  UserPasswordChanged,
  UserDisabled,
  UserEnabled,
  UserDeleted,
  UserSnapshotted,
];

/** Each carries the account's whole state; a token's `client_id` and `credential_id` follow it. */
export const SYSTEM_ACCOUNT_EVENTS: readonly EventDefinition[] = [
  SystemAccountCreated,
  SystemAccountUpdated,
  SystemAccountSecretRotated,
  SystemAccountSecretRevoked,
  SystemAccountDeleted,
  SystemAccountSnapshotted,
];

/** Every account event this API keeps, by type; others on `accounts.>` are passed by. */
export const PROJECTED_ACCOUNT_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [...CONTRACT_EVENTS, ...ENTERPRISE_EVENTS, ...USER_EVENTS, ...SYSTEM_ACCOUNT_EVENTS].map(
    (definition) => [definition.type, definition],
  ),
);

export type ProjectedAggregate = 'contract' | 'enterprise' | 'user' | 'system-account';

/** Which projection an event of PROJECTED_ACCOUNT_EVENTS writes. */
export function aggregateOf(type: string): ProjectedAggregate {
  if (CONTRACT_EVENTS.some((definition) => definition.type === type)) {
    return 'contract';
  }
  if (SYSTEM_ACCOUNT_EVENTS.some((definition) => definition.type === type)) {
    return 'system-account';
  }
  return USER_EVENTS.some((definition) => definition.type === type) ? 'user' : 'enterprise';
}
