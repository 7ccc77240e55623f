import { AccountError } from '../errors/account-error.js';

export class SystemAccountNotFound extends AccountError {
  constructor(id: string) {
    super('system_account_not_found', `No system account ${id}.`);
  }
}
