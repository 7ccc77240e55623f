import type { FieldError } from '@charter/service-kit';
import { InvalidUserInput, LastPlatformAdmin, UserDeleted } from '../user.errors.js';

export type UserKind = 'enterprise' | 'individual' | 'platform';
export type EnterpriseRole = 'enterprise-admin' | 'member';
/** `platform-admin` may do everything on the admin API; `platform-auditor` may read everything. */
export type PlatformRole = 'platform-admin' | 'platform-auditor';
export type UserRole = EnterpriseRole | PlatformRole;
/** `invited`: no password yet; only `active` users can log in. */
export type UserStatus = 'invited' | 'active' | 'disabled';

export const USER_KINDS: readonly UserKind[] = ['enterprise', 'individual', 'platform'];
export const ENTERPRISE_ROLES: readonly EnterpriseRole[] = ['enterprise-admin', 'member'];
export const PLATFORM_ROLES: readonly PlatformRole[] = ['platform-admin', 'platform-auditor'];
export const USER_ROLES: readonly UserRole[] = [...ENTERPRISE_ROLES, ...PLATFORM_ROLES];
export const USER_STATUSES: readonly UserStatus[] = ['invited', 'active', 'disabled'];

/** The roles an enterprise user gets when the create names none. */
export const DEFAULT_ENTERPRISE_ROLES: readonly EnterpriseRole[] = ['member'];

/**
 * A person who logs in at the authorization server: a member of an enterprise, an individual, or
 * a platform user (an admin or auditor of Charter itself, of no enterprise).
 */
export interface User {
  readonly id: string;
  readonly kind: UserKind;
  /** Set for enterprise users, null for individual and platform users. */
  readonly enterpriseId: string | null;
  /** Lower-cased; unique across all users; the login name. */
  readonly email: string;
  readonly name: string;
  /** ENTERPRISE_ROLES for enterprise users, PLATFORM_ROLES (at least one) for platform users. */
  readonly roles: readonly UserRole[];
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
  readonly roles?: readonly UserRole[];
}

/** What a PATCH may change; an absent member stays as it is. */
export interface UserChanges {
  readonly name?: string;
  readonly email?: string;
  /** Replaces the whole list. */
  readonly roles?: readonly UserRole[];
}

/** Emails compare case-insensitively: stored and looked up lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The cross-member rules of a new user: an enterprise user names its enterprise and has roles
 * among ENTERPRISE_ROLES; a platform user names none and has at least one of PLATFORM_ROLES; an
 * individual user has neither. Throws InvalidUserInput.
 */
export function checkUserDetails(details: UserDetails): void {
  const errors: FieldError[] = [];
  const enterpriseId = details.enterpriseId ?? null;
  if (details.kind === 'enterprise' && enterpriseId === null) {
    errors.push({ pointer: '/enterpriseId', detail: 'is required for an enterprise user' });
  }
  if (details.kind !== 'enterprise' && enterpriseId !== null) {
    errors.push({ pointer: '/enterpriseId', detail: `must be absent for a ${details.kind} user` });
  }
  errors.push(...roleErrors(details.kind, details.roles));
  if (errors.length > 0) {
    throw new InvalidUserInput(errors);
  }
}

/** Where `roles` (undefined: not given) does not fit a user of `kind`; empty: it fits. */
function roleErrors(kind: UserKind, roles: readonly UserRole[] | undefined): FieldError[] {
  const allowed = rolesOf(kind);
  if (roles === undefined) {
    return kind === 'platform'
      ? [{ pointer: '/roles', detail: 'a platform user needs platform-admin or platform-auditor' }]
      : [];
  }
  if (allowed.length === 0 && roles.length > 0) {
    return [{ pointer: '/roles', detail: `must be absent or empty for an ${kind} user` }];
  }
  const misfit = roles.findIndex((role) => !allowed.includes(role));
  if (misfit >= 0) {
    return [
      {
        pointer: `/roles/${misfit}`,
        detail: `must be one of ${allowed.join(', ')} for a ${kind} user`,
      },
    ];
  }
  return kind === 'platform' && roles.length === 0
    ? [{ pointer: '/roles', detail: 'a platform user needs platform-admin or platform-auditor' }]
    : [];
}

/** The roles a user of this kind may hold. */
function rolesOf(kind: UserKind): readonly UserRole[] {
  switch (kind) {
    case 'enterprise':
      return ENTERPRISE_ROLES;
    case 'platform':
      return PLATFORM_ROLES;
    case 'individual':
      return [];
  }
}

/** An active, not deleted user holding `platform-admin`: one the platform must never run out of. */
export function isActivePlatformAdmin(user: User): boolean {
  return (
    user.deletedAt === null && user.status === 'active' && user.roles.includes('platform-admin')
  );
}

/**
 * The platform never loses its last platform admin: a change that takes an active platform admin
 * away (role removed, disabled, deleted) needs another one to remain. `othersActive` counts the
 * active platform admins other than this user, read under the platform-admin lock.
 * Throws LastPlatformAdmin.
 */
export function assertKeepsAPlatformAdmin(before: User, after: User, othersActive: number): void {
  if (isActivePlatformAdmin(before) && !isActivePlatformAdmin(after) && othersActive === 0) {
    throw new LastPlatformAdmin(before.id);
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
    details.kind === 'enterprise'
      ? unique(details.roles ?? DEFAULT_ENTERPRISE_ROLES)
      : unique(details.roles ?? []);
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
  const misfits = changes.roles === undefined ? [] : roleErrors(user.kind, changes.roles);
  if (misfits.length > 0) {
    throw new InvalidUserInput(misfits);
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
