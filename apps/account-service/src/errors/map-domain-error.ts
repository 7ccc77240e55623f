import { Logger } from '@nestjs/common';
import type { DomainError, Problem } from '@charter/service-kit';
import { AccountError, type AccountErrorCode } from './account-error.js';

const logger = new Logger('mapDomainError');

type ProblemShape = Pick<Problem, 'status' | 'title'>;

/** The one place an error code becomes an HTTP status; a new code fails to compile until mapped here. */
function shapeOf(code: AccountErrorCode): ProblemShape {
  switch (code) {
    case 'content_api_not_found':
      return { status: 404, title: 'Content API not found' };
    case 'enterprise_not_found':
      return { status: 404, title: 'Enterprise not found' };
    case 'system_account_not_found':
      return { status: 404, title: 'System account not found' };
    case 'credential_not_found':
      return { status: 404, title: 'Credential not found' };
    case 'contract_not_found':
      return { status: 404, title: 'Contract not found' };
    case 'user_not_found':
      return { status: 404, title: 'User not found' };
    case 'user_exists':
      return { status: 409, title: 'User already exists' };
    case 'email_unavailable':
      return { status: 409, title: 'Email unavailable' };
    case 'user_deleted':
      return { status: 409, title: 'User deleted' };
    case 'last_platform_admin':
      return { status: 409, title: 'Last platform admin' };
    case 'beyond_contract':
      return { status: 403, title: 'Beyond the contract' };
    case 'invalid_password_token':
      return { status: 400, title: 'Invalid password token' };
    case 'validation_failed':
      return { status: 400, title: 'Validation failed' };
    case 'dataset_in_use':
      return { status: 409, title: 'Dataset in use' };
    case 'unknown_dataset':
      return { status: 422, title: 'Unknown dataset' };
    case 'content_api_exists':
      return { status: 409, title: 'Content API already exists' };
    case 'reserved_for_account_service':
      return { status: 409, title: 'Reserved for the account service' };
    case 'enterprise_exists':
      return { status: 409, title: 'Enterprise already exists' };
    case 'enterprise_not_active':
      return { status: 409, title: 'Enterprise is not active' };
    case 'contract_deleted':
      return { status: 409, title: 'Contract deleted' };
    case 'system_account_deleted':
      return { status: 409, title: 'System account deleted' };
    case 'platform_account_protected':
      return { status: 409, title: 'Platform account protected' };
    case 'client_uses_no_secret':
      return { status: 409, title: 'Client uses no secret' };
    case 'credential_expired':
      return { status: 409, title: 'Credential already expired' };
    case 'illegal_status_transition':
      return { status: 409, title: 'Illegal status transition' };
    case 'precondition_failed':
      return { status: 412, title: 'Precondition failed' };
    case 'invalid_cursor':
      return { status: 400, title: 'Invalid cursor' };
    case 'invalid_idempotency_key':
      return { status: 400, title: 'Invalid Idempotency-Key' };
    case 'idempotency_key_reused':
      return { status: 422, title: 'Idempotency-Key reused' };
    case 'unknown_scope':
      return { status: 422, title: 'Unknown scope' };
    case 'invalid_validity_period':
      return { status: 422, title: 'Invalid validity period' };
  }
}

/** Maps this app's domain errors to RFC 9457 problems (passed to `createHttpApp`). */
export function mapDomainError(error: DomainError): Problem {
  if (!(error instanceof AccountError)) {
    // Another package's domain error reached the edge unmapped: a bug, not the caller's fault.
    logger.error({ code: error.code }, 'unmapped domain error');
    return {
      status: 500,
      code: 'internal_error',
      title: 'Internal error',
      detail: 'Something went wrong on our side; the request id identifies it in our logs.',
    };
  }
  return {
    ...shapeOf(error.code),
    code: error.code,
    detail: error.message,
    ...(error.fieldErrors === undefined ? {} : { errors: error.fieldErrors }),
  };
}
