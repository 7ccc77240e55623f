import { DomainError, type FieldError } from '@charter/service-kit';

/** Every error code the account service raises; `mapDomainError` maps each one. */
export type AccountErrorCode =
  | 'content_api_not_found'
  | 'content_api_exists'
  | 'reserved_for_account_service'
  | 'dataset_in_use'
  | 'unknown_dataset'
  | 'enterprise_not_found'
  | 'enterprise_exists'
  | 'enterprise_not_active'
  | 'system_account_not_found'
  | 'credential_not_found'
  | 'credential_expired'
  | 'client_uses_no_secret'
  | 'contract_deleted'
  | 'system_account_deleted'
  | 'platform_account_protected'
  | 'contract_not_found'
  | 'user_not_found'
  | 'user_exists'
  | 'email_unavailable'
  | 'user_deleted'
  | 'last_platform_admin'
  | 'beyond_contract'
  | 'invalid_password_token'
  | 'validation_failed'
  | 'unknown_scope'
  | 'invalid_validity_period'
  | 'illegal_status_transition'
  | 'precondition_failed'
  | 'invalid_cursor'
  | 'invalid_idempotency_key'
  | 'idempotency_key_reused';

/**
 * A domain failure of this service. `fieldErrors` point (RFC 6901) at the parts of
 * the caller's input that caused it, when there are such parts.
 */
export class AccountError extends DomainError<AccountErrorCode> {
  constructor(
    code: AccountErrorCode,
    message: string,
    readonly fieldErrors?: readonly FieldError[],
  ) {
    super(code, message);
    this.name = new.target.name;
  }
}
