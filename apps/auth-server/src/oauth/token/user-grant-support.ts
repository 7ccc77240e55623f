import { createHash } from 'node:crypto';
import type { ProjectedUser } from '../../projection/entities/projected-user.entity.js';
import { InvalidGrant, InvalidScope, InvalidTarget, type OAuthError } from '../oauth.errors.js';
import type { UserAccessRefusalCode } from './domain/user-access-selection.js';

/** A user may get tokens while active and not deleted, and logged in after their last password change. */
export function userCanHaveTokens(
  user: ProjectedUser | null,
  authTime: Date,
): user is ProjectedUser {
  return (
    user !== null &&
    user.status === 'active' &&
    user.deletedAt === null &&
    (user.passwordChangedAt === null ||
      user.passwordChangedAt.getTime() <= authTime.getTime() + 999)
  );
}

/** RFC 7636 §4.6: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** RFC 7636 §4.1: 43 to 128 characters of [A-Z a-z 0-9 - . _ ~]. */
export const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function userAccessRefusal(code: UserAccessRefusalCode, description: string): OAuthError {
  switch (code) {
    case 'user_not_allowed':
      return new InvalidGrant(description);
    case 'invalid_scope':
      return new InvalidScope(description);
    case 'invalid_target':
      return new InvalidTarget(description);
  }
}
