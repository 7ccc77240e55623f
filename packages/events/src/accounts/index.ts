import type { EventDefinition } from '../define-event.js';
import { ContentApiRegistered } from './content-api.js';
import { ContractCreated, ContractReactivated, ContractSuspended, ContractTerminated } from './contract.js';
import { EnterpriseClosed, EnterpriseCreated, EnterpriseReactivated, EnterpriseSuspended, EnterpriseUpdated } from './enterprise.js';
import { SystemAccountCreated, SystemAccountSecretRevoked, SystemAccountSecretRotated, SystemAccountUpdated } from './system-account.js';

export * from './content-api.js';
export * from './contract.js';
export * from './enterprise.js';
export * from './system-account.js';

/** The stream the account service publishes to. */
export const ACCOUNTS_STREAM = { name: 'ACCOUNTS', subjects: ['accounts.>'] } as const;

/** Every event the account service publishes, by type. */
export const ACCOUNT_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [
    ContentApiRegistered,
    EnterpriseCreated,
    EnterpriseUpdated,
    EnterpriseSuspended,
    EnterpriseReactivated,
    EnterpriseClosed,
    SystemAccountCreated,
    SystemAccountUpdated,
    SystemAccountSecretRotated,
    SystemAccountSecretRevoked,
    ContractCreated,
    ContractSuspended,
    ContractReactivated,
    ContractTerminated,
  ].map((definition) => [definition.type, definition as EventDefinition]),
);
