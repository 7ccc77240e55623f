import { IllegalUserTransition } from '../user.errors.js';
import { assertNotDeleted, type User, type UserStatus } from './user.js';

/** What an admin can do to a user's status. */
export type UserStatusAction = 'disable' | 'enable';

/**
 * Disable stops any login (and the auth-server refuses the user's tokens) until
 * enabled; enable returns the user to `active`, or to `invited` when they never
 * set a password. A move to the status the user already has is refused, so the
 * caller learns their view was stale and no empty event is emitted.
 */
const FROM: Readonly<Record<UserStatusAction, readonly UserStatus[]>> = {
  disable: ['invited', 'active'],
  enable: ['disabled'],
};

const PAST_TENSE: Readonly<Record<UserStatusAction, string>> = {
  disable: 'disabled',
  enable: 'enabled',
};

export function canTransitionUser(status: UserStatus, action: UserStatusAction): boolean {
  return FROM[action].includes(status);
}

/** Applies `action` at `now`. Throws UserDeleted, IllegalUserTransition. */
export function transitionUser(user: User, action: UserStatusAction, now: Date): User {
  assertNotDeleted(user);
  if (!canTransitionUser(user.status, action)) {
    throw new IllegalUserTransition(user.status, PAST_TENSE[action]);
  }
  const status: UserStatus =
    action === 'disable' ? 'disabled' : user.passwordHash === null ? 'invited' : 'active';
  return { ...user, status, version: user.version + 1, updatedAt: now };
}
