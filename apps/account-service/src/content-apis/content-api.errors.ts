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
