import type { FieldError } from '@charter/service-kit';
import { InvalidUserInput, UserDeleted } from '../user.errors.js';

export type UserKind = 'enterprise' | 'individual';
export type EnterpriseRole = 'enterprise-admin' | 'member';
/** `invited`: no password yet; only `active` users can log in. */
export type UserStatus = 'invited' | 'active' | 'disabled';

export const USER_KINDS: readonly UserKind[] = ['enterprise', 'individual'];
export const ENTERPRISE_ROLES: readonly EnterpriseRole[] = ['enterprise-admin', 'member'];
export const USER_STATUSES: readonly UserStatus[] = ['invited', 'active', 'disabled'];

/** The roles an enterprise user gets when the create names none. */
export const DEFAULT_ENTERPRISE_ROLES: readonly EnterpriseRole[] = ['member'];

/** A person who logs in at the authorization server: a member of an enterprise, or an individual. */
export interface User {
  readonly id: string;
  readonly kind: UserKind;
  /** Set for enterprise users, null for individual users. */
  readonly enterpriseId: string | null;
  /** Lower-cased; unique across all users; the login name. */
  readonly email: string;
  readonly name: string;
  readonly roles: readonly EnterpriseRole[];
  readonly status: UserStatus;
  readonly emailVerified: boolean;
  /** argon2id PHC string; null until a password is set. Never leaves the service except in events. */
  readonly passwordHash: string | null;
  readonly passwordChangedAt: Date | null;
  /** Soft deletion: once set, the user takes no more changes and never logs in again. */
  readonly deletedAt: Date | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface UserDetails {
  readonly kind: UserKind;
  readonly enterpriseId?: string | null;
  readonly email: string;
  readonly name: string;
  readonly roles?: readonly EnterpriseRole[];
}

/** What a PATCH may change; an absent member stays as it is. */
export interface UserChanges {
  readonly name?: string;
  readonly email?: string;
  /** Replaces the whole list. */
  readonly roles?: readonly EnterpriseRole[];
}

/** Emails compare case-insensitively: stored and looked up lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The cross-member rules of a new user: an enterprise user names its enterprise
 * and has roles among ENTERPRISE_ROLES; an individual user has neither.
 * Throws InvalidUserInput.
 */
export function checkUserDetails(details: UserDetails): void {
  const errors: FieldError[] = [];
  const enterpriseId = details.enterpriseId ?? null;
  if (details.kind === 'enterprise' && enterpriseId === null) {
    errors.push({ pointer: '/enterpriseId', detail: 'is required for an enterprise user' });
  }
  if (details.kind === 'individual') {
    if (enterpriseId !== null) {
      errors.push({ pointer: '/enterpriseId', detail: 'must be absent for an individual user' });
    }
    if (details.roles !== undefined && details.roles.length > 0) {
      errors.push({ pointer: '/roles', detail: 'must be absent or empty for an individual user' });
    }
  }
  if (errors.length > 0) {
    throw new InvalidUserInput(errors);
  }
}

/**
 * A new user at version 1: `active` with the initial password's hash when the
 * admin set one, else `invited` (a password token sets it later).
 */
export function createUser(
  id: string,
  details: UserDetails,
  passwordHash: string | null,
  now: Date,
): User {
  checkUserDetails(details);
  const roles =
    details.kind === 'individual' ? [] : unique(details.roles ?? DEFAULT_ENTERPRISE_ROLES);
  return {
    id,
    kind: details.kind,
    enterpriseId: details.kind === 'enterprise' ? (details.enterpriseId ?? null) : null,
    email: normaliseEmail(details.email),
    name: details.name,
    roles,
    status: passwordHash === null ? 'invited' : 'active',
    emailVerified: false,
    passwordHash,
    passwordChangedAt: passwordHash === null ? null : now,
    deletedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * Applies a PATCH. Returns null when nothing would change (no version, no event).
 * A new email is not verified. Throws UserDeleted, InvalidUserInput (roles of an
 * individual user).
 */
export function updateUser(user: User, changes: UserChanges, now: Date): User | null {
  assertNotDeleted(user);
  if (user.kind === 'individual' && changes.roles !== undefined && changes.roles.length > 0) {
    throw new InvalidUserInput([
      { pointer: '/roles', detail: 'must be absent or empty for an individual user' },
    ]);
  }
  const email = changes.email === undefined ? user.email : normaliseEmail(changes.email);
  const roles = changes.roles === undefined ? user.roles : unique(changes.roles);
  const name = changes.name ?? user.name;
  if (email === user.email && name === user.name && sameSet(roles, user.roles)) {
    return null;
  }
  return {
    ...user,
    name,
    email,
    roles,
    emailVerified: email === user.email ? user.emailVerified : false,
    version: user.version + 1,
    updatedAt: now,
  };
}

/** The new password's hash: an invited user becomes active; a disabled one stays disabled. */
export function setPassword(user: User, passwordHash: string, now: Date): User {
  assertNotDeleted(user);
  return {
    ...user,
    passwordHash,
    passwordChangedAt: now,
    status: user.status === 'invited' ? 'active' : user.status,
    version: user.version + 1,
    updatedAt: now,
  };
}

/** Soft deletion: final. Throws UserDeleted when it already is. */
export function deleteUser(user: User, now: Date): User {
  assertNotDeleted(user);
  return { ...user, deletedAt: now, version: user.version + 1, updatedAt: now };
}

export function assertNotDeleted(user: User): void {
  if (user.deletedAt !== null) {
    throw new UserDeleted(user.id);
  }
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}
