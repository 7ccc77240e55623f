import type { FieldError } from '@charter/service-kit';
import { AccountError } from '../errors/account-error.js';

/** A content API or contract that would take the account service's audience or an `accounts:*` scope. */
export class ReservedForAccountService extends AccountError {
  constructor(fieldErrors: readonly FieldError[]) {
    super(
      'reserved_for_account_service',
      "The account service's audience and accounts:* scopes are reserved; no content API or contract may use them.",
      fieldErrors,
    );
  }
}
