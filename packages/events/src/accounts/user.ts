import { z } from 'zod';
import { defineEvent, type SealedFields } from '../define-event.js';

/**
 * `enterprise`: a member of one enterprise; `individual`: a consumer who consents for themselves;
 * `platform`: a person who runs Charter itself (a platform admin or auditor), of no enterprise.
 */
export const UserKind = z.enum(['enterprise', 'individual', 'platform']);
export type UserKind = z.infer<typeof UserKind>;

/** Roles inside an enterprise; individual users have none. */
export const EnterpriseRole = z.enum(['enterprise-admin', 'member']);
export type EnterpriseRole = z.infer<typeof EnterpriseRole>;

/** Roles of platform users: `platform-admin` may do everything, `platform-auditor` read only. */
export const PlatformRole = z.enum(['platform-admin', 'platform-auditor']);
export type PlatformRole = z.infer<typeof PlatformRole>;

/** A user's roles: enterprise roles for enterprise users, platform roles for platform users. */
export const UserRole = z.union([EnterpriseRole, PlatformRole]);
export type UserRole = z.infer<typeof UserRole>;

/** `invited`: no password yet (an invitation is out); only `active` users can log in. */
export const UserStatus = z.enum(['invited', 'active', 'disabled']);
export type UserStatus = z.infer<typeof UserStatus>;

/**
 * A user as the authorization server needs it to log them in. The password is
 * never in an event: only its argon2id hash (PHC string), so the authorization
 * server can verify a login from its own projection; and that hash travels sealed
 * to the authorization server (USER_SEALED_FIELDS).
 */
export const UserState = z.object({
  id: z.uuid(),
  kind: UserKind,
  /** Set for enterprise users, null for individual and platform users. */
  enterpriseId: z.uuid().nullable(),
  /** Lower-cased; unique across all users. It is the login name. */
  email: z.string().min(3),
  name: z.string().min(1),
  roles: z.array(UserRole),
  status: UserStatus,
  emailVerified: z.boolean(),
  passwordHash: z.string().startsWith('$argon2id$').nullable(),
  passwordChangedAt: z.iso.datetime({ offset: true }).nullable(),
  /** Soft deletion: set once, the user never logs in again. */
  deletedAt: z.iso.datetime({ offset: true }).nullable(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type UserState = z.infer<typeof UserState>;

/**
 * The password hash is for the authorization server alone: sealed to it on the bus (a JWE to its
 * key); every other consumer sees `passwordHash: null`.
 */
export const USER_SEALED_FIELDS: SealedFields = {
  reader: 'auth-server',
  withheld: { passwordHash: null },
};

const userEvent = (type: string, change: string) =>
  defineEvent({
    type,
    subject: `accounts.user.${change}`,
    schemaVersion: 1,
    aggregateType: 'user',
    data: UserState,
    sealed: USER_SEALED_FIELDS,
  });

/** An admin created the user (invited, or active with an initial password). */
export const UserCreated = userEvent('UserCreated', 'created');
/** Name, email or roles changed. */
export const UserUpdated = userEvent('UserUpdated', 'updated');
/** The user set (invitation, reset) or an admin set a new password; sessions older than `passwordChangedAt` end. */
export const UserPasswordChanged = userEvent('UserPasswordChanged', 'password-changed');
/** The user can no longer log in, and their tokens are refused, until enabled. */
export const UserDisabled = userEvent('UserDisabled', 'disabled');
export const UserEnabled = userEvent('UserEnabled', 'enabled');
/** Soft deletion: final. */
export const UserDeleted = userEvent('UserDeleted', 'deleted');
