import { ContractDeleted, InvalidValidityPeriod, UnknownScope } from '../contract.errors.js';

export type ContractStatus = 'active' | 'suspended' | 'terminated';

export const CONTRACT_STATUSES: readonly ContractStatus[] = ['active', 'suspended', 'terminated'];

/** An enterprise's right to read some scopes of one content API, for a period. */
export interface Contract {
  readonly id: string;
  readonly enterpriseId: string;
  readonly contentApiId: string;
  readonly scopes: readonly string[];
  readonly validFrom: Date;
  /** Null: open-ended. */
  readonly validUntil: Date | null;
  readonly status: ContractStatus;
  /** Soft deletion: once set, the contract covers nothing and takes no more changes. */
  readonly deletedAt: Date | null;
  /** Starts at 1, +1 on every change; events carry it. */
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What an admin asks for when signing a contract. */
export interface ContractTerms {
  readonly enterpriseId: string;
  readonly contentApiId: string;
  readonly scopes: readonly string[];
  readonly validFrom: Date;
  readonly validUntil: Date | null;
}

/** The part of a content API a contract is checked against. */
export interface ScopeCatalogue {
  readonly name: string;
  readonly scopes: ReadonlyArray<{ readonly name: string }>;
}

/**
 * A new active contract at version 1. Every scope must be in the content API's
 * catalogue, and the period must not be empty.
 */
export function createContract(
  id: string,
  terms: ContractTerms,
  catalogue: ScopeCatalogue,
  now: Date,
): Contract {
  const known = new Set(catalogue.scopes.map((scope) => scope.name));
  const unknown = terms.scopes
    .map((name, index) => ({ name, index }))
    .filter((scope) => !known.has(scope.name));
  if (unknown.length > 0) {
    throw new UnknownScope(unknown, catalogue.name);
  }
  if (terms.validUntil !== null && terms.validUntil.getTime() <= terms.validFrom.getTime()) {
    throw new InvalidValidityPeriod();
  }
  return {
    id,
    enterpriseId: terms.enterpriseId,
    contentApiId: terms.contentApiId,
    scopes: [...terms.scopes],
    validFrom: terms.validFrom,
    validUntil: terms.validUntil,
    status: 'active',
    deletedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Soft deletion: final; the row and its history stay. Throws ContractDeleted when it already is. */
export function deleteContract(contract: Contract, now: Date): Contract {
  assertContractNotDeleted(contract);
  return { ...contract, deletedAt: now, version: contract.version + 1, updatedAt: now };
}

/** A deleted contract takes no more changes. Throws ContractDeleted. */
export function assertContractNotDeleted(contract: Contract): void {
  if (contract.deletedAt !== null) {
    throw new ContractDeleted(contract.id);
  }
}
