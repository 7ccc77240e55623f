import { AccountError } from '../errors/account-error.js';
import type { FieldError } from '@charter/service-kit';

export class UserNotFound extends AccountError {
  constructor(id: string) {
    super('user_not_found', `No user ${id}.`);
  }
}

/** Emails are unique across all users (deleted ones included), compared case-insensitively. */
export class UserExists extends AccountError {
  constructor(email: string) {
    super('user_exists', `A user with email ${email} already exists.`, [
      { pointer: '/email', detail: 'is taken' },
    ]);
  }
}

/**
 * An enterprise admin's answer for an email that cannot be used, wherever it is taken (their
 * enterprise, another one, a deleted user): it says nothing about other enterprises' users.
 */
export class EmailUnavailable extends AccountError {
  constructor() {
    super('email_unavailable', 'This email address cannot be used; choose another one.', [
      { pointer: '/email', detail: 'cannot be used' },
    ]);
  }
}

/** A deleted user is kept for the record; it takes no more changes. */
export class UserDeleted extends AccountError {
  constructor(id: string) {
    super('user_deleted', `User ${id} has been deleted and takes no more changes.`);
  }
}

/** The platform keeps at least one active platform admin (a person): this change would remove the last. */
export class LastPlatformAdmin extends AccountError {
  constructor(id: string) {
    super(
      'last_platform_admin',
      `User ${id} is the last active platform admin; make another one first.`,
    );
  }
}

export class IllegalUserTransition extends AccountError {
  constructor(
    readonly from: string,
    readonly action: string,
  ) {
    super('illegal_status_transition', `A ${from} user cannot be ${action}.`);
  }
}

/** Input that breaks a rule spanning several members (kind and enterpriseId, kind and roles, the password and the email). */
export class InvalidUserInput extends AccountError {
  constructor(errors: readonly FieldError[]) {
    super(
      'validation_failed',
      errors.map((error) => `${error.pointer} ${error.detail}`).join('; ') + '.',
      errors,
    );
  }
}

/**
 * Any token that cannot be redeemed: unknown, used, voided, expired, or of a
 * deleted user. One answer for all, so the endpoint tells nothing about which.
 */
export class InvalidPasswordToken extends AccountError {
  constructor() {
    super('invalid_password_token', 'The password token is invalid or has expired.');
  }
}
