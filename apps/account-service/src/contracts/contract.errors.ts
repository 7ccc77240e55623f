import { AccountError } from '../errors/account-error.js';
import type { ContractStatus } from './domain/contract.js';

export class ContractNotFound extends AccountError {
  constructor(id: string) {
    super('contract_not_found', `No contract ${id}.`);
  }
}

export class IllegalStatusTransition extends AccountError {
  constructor(
    readonly from: ContractStatus,
    readonly action: string,
  ) {
    super('illegal_status_transition', `A ${from} contract cannot be ${action}.`);
  }
}

/** Scopes the content API's catalogue does not list; `indexes` point into the request's `scopes`. */
export class UnknownScope extends AccountError {
  constructor(scopes: ReadonlyArray<{ index: number; name: string }>, contentApiName: string) {
    super(
      'unknown_scope',
      `${scopes.map((scope) => scope.name).join(', ')} ${scopes.length === 1 ? 'is' : 'are'} not in the scope catalogue of ${contentApiName}.`,
      scopes.map((scope) => ({
        pointer: `/scopes/${scope.index}`,
        detail: "is not in the content API's scope catalogue",
      })),
    );
  }
}

export class InvalidValidityPeriod extends AccountError {
  constructor() {
    super('invalid_validity_period', 'validUntil must be later than validFrom.', [
      { pointer: '/validUntil', detail: 'must be later than validFrom' },
    ]);
  }
}

/** A deleted contract is kept for the record; it takes no more changes. */
export class ContractDeleted extends AccountError {
  constructor(id: string) {
    super('contract_deleted', `Contract ${id} has been deleted and takes no more changes.`);
  }
}

/** Datasets the content API does not declare; `index` points into the request's `datasets`. */
export class UnknownDataset extends AccountError {
  constructor(datasets: ReadonlyArray<{ index: number; name: string }>, contentApiName: string) {
    super(
      'unknown_dataset',
      `${datasets.map((dataset) => dataset.name).join(', ')} ${datasets.length === 1 ? 'is' : 'are'} not a dataset of ${contentApiName}.`,
      datasets.map((dataset) => ({
        pointer: `/datasets/${dataset.index}`,
        detail: "is not one of the content API's datasets",
      })),
    );
  }
}
