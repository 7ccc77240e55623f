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
