import type { Actor } from '@charter/events';
import type { AccountError } from '../../errors/account-error.js';
import { EmailUnavailable, type UserExists } from '../user.errors.js';

/**
 * What a caller learns when an email is taken (emails are unique across every enterprise, as
 * login names). A platform admin sees every user anyway, so gets `user_exists`. Anyone else (an
 * enterprise admin) gets one answer for every email that cannot be used, whether its user is in
 * their enterprise, another one, or deleted: nothing about other enterprises' users.
 */
export function emailConflictFor(actor: Actor, conflict: UserExists): AccountError {
  return actor.type === 'user' ? new EmailUnavailable() : conflict;
}
