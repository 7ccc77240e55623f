import type { UserState } from '@charter/events';
import type { User } from './domain/user.js';

/** The user as its events carry it: the password only as its argon2id hash. */
export function toUserState(user: User): UserState {
  return {
    id: user.id,
    kind: user.kind,
    enterpriseId: user.enterpriseId,
    email: user.email,
    name: user.name,
    roles: [...user.roles],
    status: user.status,
    emailVerified: user.emailVerified,
    passwordHash: user.passwordHash,
    passwordChangedAt:
      user.passwordChangedAt === null ? null : user.passwordChangedAt.toISOString(),
    deletedAt: user.deletedAt === null ? null : user.deletedAt.toISOString(),
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}
