import type { ClientFacts } from '@charter/auth';
import type {
  ContractState,
  EnterpriseState,
  SystemAccountState,
  UserState,
} from '@charter/events';
import type { ContractEntity } from './contract.entity.js';
import type { EnterpriseEntity } from './enterprise.entity.js';
import type { SystemAccountEntity } from './system-account.entity.js';
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

/** The part of a system account event this API keeps: its standing and its secrets' ids and ends. */
export function systemAccountRow(state: SystemAccountState, version: number): SystemAccountEntity {
  return {
    id: state.id,
    clientId: state.clientId,
    enterpriseId: state.enterpriseId,
    status: state.status,
    deletedAt: state.deletedAt === null ? null : new Date(state.deletedAt),
    // The public standing, not `secrets`: their hashes are sealed to the auth-server, and what
    // reaches this API in their place is an empty list.
    credentials: state.credentials.map((credential) => ({
      id: credential.id,
      expiresAt: credential.expiresAt,
    })),
    version,
  };
}

/** A stored system account as the acceptance rule reads it (dates parsed once, here). */
export function clientFacts(
  row: SystemAccountEntity,
): ClientFacts & { readonly id: string; readonly version: number } {
  return {
    id: row.id,
    clientId: row.clientId,
    enterpriseId: row.enterpriseId,
    status: row.status,
    deletedAt: row.deletedAt,
    credentials: row.credentials.map((credential) => ({
      id: credential.id,
      expiresAt: credential.expiresAt === null ? null : new Date(credential.expiresAt),
    })),
    version: row.version,
  };
}
