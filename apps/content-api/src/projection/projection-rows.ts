import type { ContractState, EnterpriseState, UserState } from '@charter/events';
import type { ContractEntity } from './contract.entity.js';
import type { EnterpriseEntity } from './enterprise.entity.js';
import type { UserEntity } from './user.entity.js';

/** The part of a contract event this API keeps, at the aggregate version the event carries. */
export function contractRow(state: ContractState, version: number): ContractEntity {
  return {
    id: state.id,
    enterpriseId: state.enterpriseId,
    resourceIndicator: state.resourceIndicator,
    scopes: [...state.scopes],
    datasets: [...state.datasets],
    requestsPerMinute: state.rateLimit?.requestsPerMinute ?? null,
    validFrom: new Date(state.validFrom),
    validUntil: state.validUntil === null ? null : new Date(state.validUntil),
    status: state.status,
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    version,
  };
}

/** The part of an enterprise event this API keeps. */
export function enterpriseRow(state: EnterpriseState, version: number): EnterpriseEntity {
  return { id: state.id, status: state.status, version };
}

/** The part of a user event this API keeps: who the user belongs to and whether they may act. */
export function userRow(state: UserState, version: number): UserEntity {
  return {
    id: state.id,
    enterpriseId: state.enterpriseId,
    status: state.status,
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    version,
  };
}
