import { DomainError } from '@charter/service-kit';

/** A filter on a dataset the caller's contract does not cover. */
export class DatasetNotCovered extends DomainError<'dataset_not_covered'> {
  constructor(dataset: string) {
    super('dataset_not_covered', `Your contract does not cover the ${dataset} dataset.`);
  }
}
