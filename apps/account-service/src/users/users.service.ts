import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  UserCreated,
  UserDeleted,
  UserDisabled,
  UserEnabled,
  UserPasswordChanged,
  type UserState,
  UserUpdated,
  type EventDefinition,
} from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import type { EntityManager } from 'typeorm';
import { ChangeRecorder } from '../audit/change-recorder.js';
import type { Trace } from '../common/change-context.decorator.js';
import type { RequestContext } from '../common/request-context.js';
import {
  assertPrecondition,
  type VersionPrecondition,
} from '../common/domain/version-precondition.js';
import { assertEnterpriseActive } from '../enterprises/domain/enterprise.js';
import { EnterprisesRepository } from '../enterprises/enterprises.repository.js';
import {
  type IdempotentRequest,
  withSecretDigest,
} from '../idempotency/domain/idempotent-request.js';
import { IdempotencyStore } from '../idempotency/idempotency.store.js';
import { SecretHasher } from '../system-accounts/secret-hasher.js';
import { assertAcceptablePassword } from './domain/password-policy.js';
import {
  generatePasswordToken,
  issuePasswordToken,
  type PasswordTokenPurpose,
  redeemPasswordToken,
} from './domain/password-token.js';
import {
  assertNotDeleted,
  checkUserDetails,
  createUser,
  deleteUser,
  type UserRole,
  normaliseEmail,
  setPassword,
  updateUser,
  assertKeepsAPlatformAdmin,
  isActivePlatformAdmin,
  type User,
  type UserKind,
} from './domain/user.js';
import { type UserStatusAction, transitionUser } from './domain/user-status.js';
import { IssuedPasswordTokenResponse } from './dto/password-token.dto.js';
import type { ListUsersQuery } from './dto/list-users.query.js';
import { UserListResponse, UserResponse } from './dto/user.response.js';
import { PasswordHasher } from './password-hasher.js';
import { toUserState } from './user-state.js';
import { InvalidPasswordToken, UserExists, UserNotFound } from './user.errors.js';
import { emailConflictFor } from './domain/email-conflict.js';
import { UsersRepository } from './users.repository.js';

export interface CreateUser {
  readonly kind: UserKind;
  readonly enterpriseId?: string;
  readonly email: string;
  readonly name: string;
  readonly roles?: readonly UserRole[];
  readonly password?: string;
}

export interface UpdateUser {
  readonly name?: string;
  readonly email?: string;
  readonly roles?: readonly UserRole[];
}

/** The event each status action emits. */
const STATUS_EVENTS = {
  disable: UserDisabled,
  enable: UserEnabled,
} as const satisfies Record<UserStatusAction, unknown>;

@Injectable()
export class UsersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly tokenHasher: SecretHasher,
    private readonly passwords: PasswordHasher,
    private readonly changes: ChangeRecorder,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  /** An enterprise or individual user; `active` with an admin-set initial password, else `invited`. */
  async create(
    input: CreateUser,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<UserResponse> {
    const details = {
      kind: input.kind,
      enterpriseId: input.enterpriseId ?? null,
      email: input.email,
      name: input.name,
      roles: input.roles,
    };
    // Checked before the (slow, by design) password hash and before any write.
    checkUserDetails(details); // throws InvalidUserInput
    if (input.password !== undefined) {
      assertAcceptablePassword(input.password, normaliseEmail(input.email)); // throws InvalidUserInput
    }
    const passwordHash =
      input.password === undefined ? null : await this.passwords.hash(input.password);
    // The fingerprint left the password out (see the controller); its keyed hash goes back in.
    const request =
      idempotency !== null && input.password !== undefined
        ? withSecretDigest(idempotency, this.tokenHasher.hash(input.password))
        : idempotency;
    return this.tx.run((em) =>
      this.idempotency.once(em, request, 201, async () => {
        if (details.enterpriseId !== null) {
          const enterprise = await this.enterprises.getForShare(
            em,
            details.enterpriseId,
            '/enterpriseId',
          ); // throws EnterpriseNotFound
          assertEnterpriseActive(enterprise);
        }
        const now = this.clock.now();
        const user = createUser(randomUUID(), details, passwordHash, now);
        await this.users.insert(em, user).catch(this.hideConflict(context)); // throws UserExists / EmailUnavailable
        await this.changes.record(em, UserCreated, {
          state: toUserState(user),
          version: user.version,
          before: null,
          context,
          at: now,
        });
        return UserResponse.from(user);
      }),
    );
  }

  async list(query: ListUsersQuery): Promise<UserListResponse> {
    return UserListResponse.from(
      await this.users.list(
        {
          enterpriseId: query.enterpriseId,
          kind: query.kind,
          status: query.status,
          email: query.email === undefined ? undefined : normaliseEmail(query.email),
          includeDeleted: query.includeDeleted,
        },
        query,
      ),
    );
  }

  /** Deleted users too (with `deletedAt`): the record stays readable. */
  async get(id: string): Promise<UserResponse> {
    const user = await this.users.findById(id);
    if (!user) {
      throw new UserNotFound(id);
    }
    return UserResponse.from(user);
  }

  /** Changes name, email or roles; a change to nothing answers the user as it is, with no event. */
  async update(
    id: string,
    input: UpdateUser,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<UserResponse> {
    return this.tx
      .run(async (em) =>
        UserResponse.from(
          // The save throws UserExists for an email taken by another user.
          await this.change(
            em,
            id,
            precondition,
            context,
            UserUpdated,
            (user, now) => updateUser(user, input, now), // throws UserDeleted, InvalidUserInput; null: nothing changes
          ),
        ),
      )
      .catch(this.hideConflict(context));
  }

  disable(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<UserResponse> {
    return this.changeStatus(id, 'disable', precondition, context);
  }

  enable(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<UserResponse> {
    return this.changeStatus(id, 'enable', precondition, context);
  }

  /** Soft deletion: `deletedAt` is set, outstanding password tokens stop working, the user never logs in again. */
  async delete(
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<UserResponse> {
    return this.tx.run(async (em) => {
      const deleted = await this.change(
        em,
        id,
        precondition,
        context,
        UserDeleted,
        (user, now) => deleteUser(user, now), // throws UserDeleted
      );
      await this.users.voidPasswordTokens(em, id, deleted.updatedAt);
      return UserResponse.from(deleted);
    });
  }

  /**
   * A one-time token (returned in this answer only, stored as a keyed hash) with
   * which the user sets a password; every older token of the user stops working.
   * The user's state does not change, so there is no event; the audit log records it.
   */
  async issuePasswordToken(
    id: string,
    purpose: PasswordTokenPurpose,
    idempotency: IdempotentRequest | null,
    context: RequestContext,
  ): Promise<IssuedPasswordTokenResponse> {
    return this.tx.run((em) =>
      this.idempotency.once(
        em,
        idempotency,
        201,
        async () => {
          const user = await this.users.getForUpdate(em, id); // throws UserNotFound
          assertNotDeleted(user); // throws UserDeleted
          const now = this.clock.now();
          const secret = generatePasswordToken();
          const token = issuePasswordToken(
            randomUUID(),
            user.id,
            purpose,
            this.tokenHasher.hash(secret),
            now,
          );
          await this.users.voidPasswordTokens(em, user.id, now);
          await this.users.insertPasswordToken(em, token);
          await this.changes.audit(em, {
            action: 'UserPasswordTokenIssued',
            entityType: 'user',
            entityId: user.id,
            enterpriseId: user.enterpriseId,
            details: {
              tokenId: token.id,
              purpose: token.purpose,
              expiresAt: token.expiresAt.toISOString(),
            },
            context,
            at: now,
          });
          return IssuedPasswordTokenResponse.withToken(token, secret);
        },
        withoutToken,
      ),
    );
  }

  /**
   * Sets the password of the token's user (invited → active) and uses the token
   * up. Any token that cannot be redeemed is one InvalidPasswordToken, whatever
   * the reason, so the answer tells nothing about which tokens or users exist.
   */
  async redeemPasswordToken(secret: string, password: string, trace: Trace): Promise<void> {
    const hashes = this.tokenHasher.hashes(secret);
    // Read once to check the password against the user's email before hashing it
    // (slow by design) outside the transaction; the transaction re-checks everything.
    const user = await this.tx.run(async (em) => {
      const token = await this.users.findPasswordTokenForUpdate(em, hashes);
      if (!token) {
        throw new InvalidPasswordToken();
      }
      redeemPasswordToken(token, this.clock.now()); // throws InvalidPasswordToken
      return this.users.getForUpdate(em, token.userId);
    });
    if (user.deletedAt !== null) {
      throw new InvalidPasswordToken();
    }
    assertAcceptablePassword(password, user.email); // throws InvalidUserInput
    const passwordHash = await this.passwords.hash(password);
    await this.tx.run(async (em) => {
      const token = await this.users.findPasswordTokenForUpdate(em, hashes);
      const now = this.clock.now();
      if (!token) {
        throw new InvalidPasswordToken();
      }
      const used = redeemPasswordToken(token, now); // throws InvalidPasswordToken (redeemed meanwhile)
      const current = await this.users.getForUpdate(em, token.userId);
      if (current.deletedAt !== null) {
        throw new InvalidPasswordToken();
      }
      if (current.email !== user.email) {
        // The email changed in between: check the rule against the new one.
        assertAcceptablePassword(password, current.email);
      }
      const changed = setPassword(current, passwordHash, now);
      await this.users.savePasswordToken(em, used);
      await this.users.update(em, changed);
      await this.changes.record(em, UserPasswordChanged, {
        state: toUserState(changed),
        version: changed.version,
        before: toUserState(current),
        context: { actor: { type: 'user', id: current.id }, ...trace },
        at: now,
      });
    });
  }

  private async changeStatus(
    id: string,
    action: UserStatusAction,
    precondition: VersionPrecondition,
    context: RequestContext,
  ): Promise<UserResponse> {
    return this.tx.run(async (em) =>
      UserResponse.from(
        await this.change(
          em,
          id,
          precondition,
          context,
          STATUS_EVENTS[action],
          (user, now) => transitionUser(user, action, now), // throws UserDeleted, IllegalUserTransition
        ),
      ),
    );
  }

  /**
   * One change to one user: load it under lock (UserNotFound), check If-Match
   * (PreconditionFailed), decide, then save it and record the event and audit row.
   * A decision of null changes nothing and records nothing.
   */
  private async change(
    em: EntityManager,
    id: string,
    precondition: VersionPrecondition,
    context: RequestContext,
    event: EventDefinition<typeof UserState>,
    decide: (user: User, now: Date) => User | null,
  ): Promise<User> {
    const platformUser = (await this.users.kindOf(em, id)) === 'platform';
    if (platformUser) {
      await this.users.lockPlatformUsers(em);
    }
    const user = await this.users.getForUpdate(em, id);
    assertPrecondition(precondition, user.version);
    const now = this.clock.now();
    const changed = decide(user, now);
    if (changed === null) {
      return user;
    }
    if (platformUser && isActivePlatformAdmin(user) && !isActivePlatformAdmin(changed)) {
      const others = await this.users.countOtherActivePlatformAdmins(em, user.id);
      assertKeepsAPlatformAdmin(user, changed, others); // throws LastPlatformAdmin
    }
    await this.users.update(em, changed);
    await this.changes.record(em, event, {
      state: toUserState(changed),
      version: changed.version,
      before: toUserState(user),
      context,
      at: now,
    });
    return changed;
  }

  /** A taken email, as this caller may hear of it (domain/email-conflict.ts). */
  private hideConflict(context: RequestContext): (error: unknown) => never {
    return (error: unknown) => {
      throw error instanceof UserExists ? emailConflictFor(context.actor, error) : error;
    };
  }
}

/** What an Idempotency-Key keeps of an issued token: everything but the token, stored nowhere in clear. */
function withoutToken(
  response: IssuedPasswordTokenResponse,
): Omit<IssuedPasswordTokenResponse, 'token'> {
  const { token: _token, ...rest } = response;
  return rest;
}
