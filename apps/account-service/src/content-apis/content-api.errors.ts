import { AccountError } from '../errors/account-error.js';

export class ContentApiNotFound extends AccountError {
  constructor(id: string, pointer?: string) {
    super(
      'content_api_not_found',
      `No content API ${id}.`,
      pointer === undefined ? undefined : [{ pointer, detail: 'no such content API' }],
    );
  }
}

export class ContentApiExists extends AccountError {
  constructor(resourceIndicator: string) {
    super(
      'content_api_exists',
      `A content API with resource indicator ${resourceIndicator} already exists.`,
    );
  }
}

/** Removing a dataset that a live contract (not deleted, not terminated) still covers. */
export class DatasetInUse extends AccountError {
  constructor(names: readonly string[]) {
    super(
      'dataset_in_use',
      `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} still covered by a live contract; change or end those contracts first.`,
      [{ pointer: '/datasets', detail: `must keep ${names.join(', ')}` }],
    );
  }
}
