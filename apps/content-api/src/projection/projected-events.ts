import {
  ContractCreated,
  ContractReactivated,
  ContractSuspended,
  ContractTerminated,
  EnterpriseClosed,
  EnterpriseCreated,
  EnterpriseReactivated,
  EnterpriseSuspended,
  EnterpriseUpdated,
  type EventDefinition,
} from '@charter/events';

/** The contract events this API projects (each carries the contract's whole state). */
export const CONTRACT_EVENTS: readonly EventDefinition[] = [
  ContractCreated,
  ContractSuspended,
  ContractReactivated,
  ContractTerminated,
];

export const ENTERPRISE_EVENTS: readonly EventDefinition[] = [
  EnterpriseCreated,
  EnterpriseUpdated,
  EnterpriseSuspended,
  EnterpriseReactivated,
  EnterpriseClosed,
];

/** Every account event this API keeps, by type; others on `accounts.>` are passed by. */
export const PROJECTED_ACCOUNT_EVENTS: ReadonlyMap<string, EventDefinition> = new Map(
  [...CONTRACT_EVENTS, ...ENTERPRISE_EVENTS].map((definition) => [definition.type, definition]),
);

export const isContractEvent = (type: string): boolean =>
  CONTRACT_EVENTS.some((definition) => definition.type === type);
