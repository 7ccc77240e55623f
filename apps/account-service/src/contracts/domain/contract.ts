import {
  ContractDeleted,
  IllegalStatusTransition,
  InvalidValidityPeriod,
  UnknownDataset,
  UnknownScope,
} from '../contract.errors.js';

export type ContractStatus = 'active' | 'suspended' | 'terminated';

export const CONTRACT_STATUSES: readonly ContractStatus[] = ['active', 'suspended', 'terminated'];

/** How often the contract's callers may call the content API; null on the contract: no limit. */
export interface RateLimit {
  readonly requestsPerMinute: number;
}

/** An enterprise's right to read some scopes (and datasets) of one content API, for a period. */
export interface Contract {
  readonly id: string;
  readonly enterpriseId: string;
  readonly contentApiId: string;
  readonly scopes: readonly string[];
  /** Names of the content API's datasets the contract covers; empty: all of them. */
  readonly datasets: readonly string[];
  /** Null: no limit. */
  readonly rateLimit: RateLimit | null;
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
  /** Absent or empty: all of the content API's datasets. */
  readonly datasets?: readonly string[];
  readonly rateLimit?: RateLimit | null;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
}

/** The part of a content API a contract is checked against. */
export interface ScopeCatalogue {
  readonly name: string;
  readonly scopes: ReadonlyArray<{ readonly name: string }>;
  /** Absent: the content API declares no dataset. */
  readonly datasets?: ReadonlyArray<{ readonly name: string }>;
}

/**
 * A new active contract at version 1. Every scope must be in the content API's
 * catalogue, every dataset one the content API declares, and the period must not be empty.
 */
export function createContract(
  id: string,
  terms: ContractTerms,
  catalogue: ScopeCatalogue,
  now: Date,
): Contract {
  assertScopesInCatalogue(terms.scopes, catalogue);
  const datasets = terms.datasets ?? [];
  assertDatasetsDeclared(datasets, catalogue);
  assertValidityPeriod(terms.validFrom, terms.validUntil);
  return {
    id,
    enterpriseId: terms.enterpriseId,
    contentApiId: terms.contentApiId,
    scopes: [...terms.scopes],
    datasets: [...datasets],
    rateLimit: terms.rateLimit ?? null,
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

/** A PATCH of the terms: each member present replaces the current value; `null` unsets the end or the limit. */
export interface ContractChanges {
  readonly scopes?: readonly string[];
  readonly datasets?: readonly string[];
  readonly validFrom?: Date;
  readonly validUntil?: Date | null;
  readonly rateLimit?: RateLimit | null;
}

/**
 * Applies a PATCH of the terms. Returns null when nothing would change (no version, no event).
 * The same rules as signing: scopes in the catalogue, datasets declared, a non-empty period.
 * A deleted or terminated contract takes no change. Throws ContractDeleted,
 * IllegalStatusTransition, UnknownScope, UnknownDataset, InvalidValidityPeriod.
 */
export function updateContractTerms(
  contract: Contract,
  changes: ContractChanges,
  catalogue: ScopeCatalogue,
  now: Date,
): Contract | null {
  assertContractNotDeleted(contract);
  const next: Contract = {
    ...contract,
    scopes: changes.scopes === undefined ? contract.scopes : [...changes.scopes],
    datasets: changes.datasets === undefined ? contract.datasets : [...changes.datasets],
    validFrom: changes.validFrom ?? contract.validFrom,
    validUntil: changes.validUntil === undefined ? contract.validUntil : changes.validUntil,
    rateLimit: changes.rateLimit === undefined ? contract.rateLimit : changes.rateLimit,
  };
  if (
    sameList(next.scopes, contract.scopes) &&
    sameList(next.datasets, contract.datasets) &&
    next.validFrom.getTime() === contract.validFrom.getTime() &&
    (next.validUntil?.getTime() ?? null) === (contract.validUntil?.getTime() ?? null) &&
    (next.rateLimit?.requestsPerMinute ?? null) === (contract.rateLimit?.requestsPerMinute ?? null)
  ) {
    return null;
  }
  if (contract.status === 'terminated') {
    throw new IllegalStatusTransition(contract.status, 'updated');
  }
  if (changes.scopes !== undefined) {
    assertScopesInCatalogue(changes.scopes, catalogue);
  }
  if (changes.datasets !== undefined) {
    assertDatasetsDeclared(changes.datasets, catalogue);
  }
  assertValidityPeriod(next.validFrom, next.validUntil);
  return { ...next, version: contract.version + 1, updatedAt: now };
}

function assertScopesInCatalogue(scopes: readonly string[], catalogue: ScopeCatalogue): void {
  const known = new Set(catalogue.scopes.map((scope) => scope.name));
  const unknown = scopes
    .map((name, index) => ({ name, index }))
    .filter((scope) => !known.has(scope.name));
  if (unknown.length > 0) {
    throw new UnknownScope(unknown, catalogue.name);
  }
}

function assertDatasetsDeclared(datasets: readonly string[], catalogue: ScopeCatalogue): void {
  const known = new Set((catalogue.datasets ?? []).map((dataset) => dataset.name));
  const unknown = datasets
    .map((name, index) => ({ name, index }))
    .filter((dataset) => !known.has(dataset.name));
  if (unknown.length > 0) {
    throw new UnknownDataset(unknown, catalogue.name);
  }
}

function assertValidityPeriod(validFrom: Date, validUntil: Date | null): void {
  if (validUntil !== null && validUntil.getTime() <= validFrom.getTime()) {
    throw new InvalidValidityPeriod();
  }
}

/** Order does not matter in scopes and datasets. */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}
