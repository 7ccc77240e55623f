import type { ContractState } from '@charter/events';
import type { Contract } from './domain/contract.js';

/** The contract as its events carry it, with its content API's resource indicator so consumers need no join. */
export function toContractState(contract: Contract, resourceIndicator: string): ContractState {
  return {
    id: contract.id,
    enterpriseId: contract.enterpriseId,
    contentApiId: contract.contentApiId,
    resourceIndicator,
    scopes: [...contract.scopes],
    datasets: [...contract.datasets],
    rateLimit:
      contract.rateLimit === null
        ? null
        : { requestsPerMinute: contract.rateLimit.requestsPerMinute },
    validFrom: contract.validFrom.toISOString(),
    validUntil: contract.validUntil === null ? null : contract.validUntil.toISOString(),
    status: contract.status,
    deletedAt: contract.deletedAt === null ? null : contract.deletedAt.toISOString(),
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}
