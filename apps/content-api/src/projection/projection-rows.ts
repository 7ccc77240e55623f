import type { ContractState, EnterpriseState } from '@charter/events';
import type { ContractEntity } from './contract.entity.js';
import type { EnterpriseEntity } from './enterprise.entity.js';

/** The part of a contract event this API keeps, at the aggregate version the event carries. */
export function contractRow(state: ContractState, version: number): ContractEntity {
  return {
    id: state.id,
    enterpriseId: state.enterpriseId,
    resourceIndicator: state.resourceIndicator,
    scopes: [...state.scopes],
    validFrom: new Date(state.validFrom),
    validUntil: state.validUntil === null ? null : new Date(state.validUntil),
    status: state.status,
    version,
  };
}

/** The part of an enterprise event this API keeps. */
export function enterpriseRow(state: EnterpriseState, version: number): EnterpriseEntity {
  return { id: state.id, status: state.status, version };
}
