import { DomainError } from '@charter/service-kit';
import { describe, expect, it } from 'vitest';
import { AccountError, type AccountErrorCode } from './account-error.js';
import { mapDomainError } from './map-domain-error.js';

describe('mapDomainError', () => {
  const statuses: Record<AccountErrorCode, number> = {
    content_api_not_found: 404,
    enterprise_not_found: 404,
    system_account_not_found: 404,
    contract_not_found: 404,
    user_not_found: 404,
    user_exists: 409,
    email_unavailable: 409,
    user_deleted: 409,
    last_platform_admin: 409,
    beyond_contract: 403,
    invalid_password_token: 400,
    validation_failed: 400,
    credential_not_found: 404,
    credential_expired: 409,
    client_uses_no_secret: 409,
    contract_deleted: 409,
    dataset_in_use: 409,
    unknown_dataset: 422,
    system_account_deleted: 409,
    platform_account_protected: 409,
    content_api_exists: 409,
    reserved_for_account_service: 409,
    enterprise_exists: 409,
    enterprise_not_active: 409,
    illegal_status_transition: 409,
    unknown_scope: 422,
    precondition_failed: 412,
    invalid_cursor: 400,
    invalid_idempotency_key: 400,
    idempotency_key_reused: 422,
    invalid_validity_period: 422,
  };

  it.each(Object.entries(statuses))('%s → %i', (code, status) => {
    const problem = mapDomainError(new AccountError(code as AccountErrorCode, 'Safe message.'));
    expect(problem).toMatchObject({ status, code, detail: 'Safe message.' });
    expect(problem.title.length).toBeGreaterThan(0);
    expect(problem).not.toHaveProperty('errors');
  });

  it('carries field pointers', () => {
    const problem = mapDomainError(
      new AccountError('unknown_scope', 'x', [{ pointer: '/scopes/0', detail: 'unknown' }]),
    );
    expect(problem.errors).toEqual([{ pointer: '/scopes/0', detail: 'unknown' }]);
  });

  it('treats a foreign domain error as an internal error without leaking its message', () => {
    const problem = mapDomainError(new DomainError('something_else', 'internal detail'));
    expect(problem).toMatchObject({ status: 500, code: 'internal_error' });
    expect(JSON.stringify(problem)).not.toContain('internal detail');
  });
});
