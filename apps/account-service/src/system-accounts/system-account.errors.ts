import type { FieldError } from '@charter/service-kit';
import { AccountError } from '../errors/account-error.js';

export class SystemAccountNotFound extends AccountError {
  constructor(id: string) {
    super('system_account_not_found', `No system account ${id}.`);
  }
}

export class CredentialNotFound extends AccountError {
  constructor(systemAccountId: string, credentialId: string) {
    super(
      'credential_not_found',
      `System account ${systemAccountId} has no credential ${credentialId}.`,
    );
  }
}

export class CredentialExpired extends AccountError {
  constructor(credentialId: string) {
    super('credential_expired', `Credential ${credentialId} has already expired or been revoked.`);
  }
}

/** Settings that break a rule spanning several members (see domain/client-settings.ts). */
export class InvalidClientSettings extends AccountError {
  constructor(errors: readonly FieldError[]) {
    super(
      'validation_failed',
      `${errors.map((error) => `${error.pointer} ${error.detail}`).join('; ')}.`,
      errors,
    );
  }
}

/** A public (`none`) or private_key_jwt-only client has no client secret to rotate. */
export class ClientUsesNoSecret extends AccountError {
  constructor(id: string) {
    super(
      'client_uses_no_secret',
      `System account ${id} does not authenticate with a client secret (its token endpoint auth methods include no client_secret_* method).`,
    );
  }
}

/** A deleted system account is kept for the record; it takes no more changes. */
export class SystemAccountDeleted extends AccountError {
  constructor(id: string) {
    super(
      'system_account_deleted',
      `System account ${id} has been deleted and takes no more changes.`,
    );
  }
}

/** The platform's own accounts (no enterprise) are not deleted through the API. */
export class PlatformAccountProtected extends AccountError {
  constructor(id: string) {
    super(
      'platform_account_protected',
      `System account ${id} is a platform account (no enterprise); it cannot be deleted here.`,
    );
  }
}

/** An enterprise admin asked for a system account its enterprise's contracts do not allow. */
export class BeyondContract extends AccountError {
  constructor(pointer: string, detail: string) {
    super('beyond_contract', `Beyond the contract: ${detail}.`, [{ pointer, detail }]);
  }
}
