/**
 * Who may do what on the admin API (contracts.md, "Tokens issued for users"):
 *
 * - A token whose `sub` is its own `client_id` is a client's. A platform admin is a
 *   platform client and nothing else: a system account of no enterprise whose platform
 *   access grants `accounts:admin`, holding a token that carries `accounts:admin`. It may
 *   do everything. Any other client (an enterprise's, whatever its token carries) is not
 *   a platform admin.
 * - A token whose `sub` is a user id is decided by that user's row here, whatever
 *   scopes it carries: the user must be active and not deleted, and the token must
 *   carry `accounts:self`. Then:
 *   - a platform user (no enterprise, and the token names none) with `platform-admin`
 *     is a platform admin, a person: everything, like the platform client;
 *   - a platform user with `platform-auditor` (and not `platform-admin`) may call every
 *     route that reads (GET) and nothing that writes;
 *   - an `enterprise-admin` of the enterprise named by the token's `enterprise_id` may
 *     manage their enterprise's users and system accounts (within its contracts),
 *     read their enterprise, its contracts, its audit trail and the content APIs its
 *     contracts cover. Anything of another enterprise is "not found"; any other route
 *     is `forbidden`.
 *
 * Pure: no framework, no database. The guard feeds it the token and the user row.
 */

import { ADMIN_SCOPE } from '../../common/admin-scope.js';

/** The only scope the auth-server puts in a user's token for this API. */
export const SELF_SCOPE = 'accounts:self';

/** What the policy needs of a verified access token. */
export interface TokenFacts {
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly enterpriseId?: string;
}

/** What the policy needs of the system account the token's `client_id` names. */
export interface ClientFacts {
  /** Null for platform clients. */
  readonly enterpriseId: string | null;
  /** Access without a contract: set for platform clients only. */
  readonly platformAccess: { readonly scopes: readonly string[] } | null;
}

/** A platform client (no enterprise) whose platform access grants the admin scope. */
export function isPlatformAdminClient(client: ClientFacts | null): boolean {
  return (
    client !== null &&
    client.enterpriseId === null &&
    client.platformAccess !== null &&
    client.platformAccess.scopes.includes(ADMIN_SCOPE)
  );
}

/** What the policy needs of the user the token's `sub` names. */
export interface UserFacts {
  readonly id: string;
  readonly kind: string;
  readonly email: string;
  readonly enterpriseId: string | null;
  readonly roles: readonly string[];
  readonly status: string;
  readonly deletedAt: Date | null;
}

/** The person behind a user token, as the audit names them. */
export interface Person {
  readonly userId: string;
  readonly email: string;
}

/** A platform admin is a person (a platform user) or a machine (a platform client: `person` null). */
export type Caller =
  | { readonly kind: 'platform-admin'; readonly person: Person | null }
  | { readonly kind: 'platform-auditor'; readonly person: Person }
  | {
      readonly kind: 'enterprise-admin';
      readonly person: Person;
      readonly enterpriseId: string;
    };

/**
 * Why a caller is refused: `invalid_token` (401: the user can no longer act at all),
 * `insufficient_scope` (403 with the RFC 6750 challenge), `forbidden` (403).
 */
export type Refusal =
  | { readonly refused: 'invalid_token'; readonly reason: string }
  | { readonly refused: 'insufficient_scope'; readonly scopes: readonly string[] }
  | { readonly refused: 'forbidden'; readonly reason: string };

export type CallerDecision = { readonly caller: Caller } | Refusal;

/**
 * Whether the token's user may still act at all (a 401 otherwise), before any
 * route is considered: not deleted, not disabled or invited. Null: it may.
 */
export function userTokenProblem(user: UserFacts): string | null {
  if (user.deletedAt !== null) {
    return 'user is deleted';
  }
  return user.status === 'active' ? null : `user is ${user.status}`;
}

/**
 * Who the caller is, from the token, the user row its `sub` names (null: not a user) and the
 * system account its `client_id` names (null: none).
 */
export function decideCaller(
  token: TokenFacts,
  user: UserFacts | null,
  client: ClientFacts | null,
): CallerDecision {
  if (user === null) {
    if (token.subject !== token.clientId) {
      // A user token whose user is not here: never a client's, so never a platform admin.
      return { refused: 'invalid_token', reason: 'user is unknown' };
    }
    if (!token.scopes.includes(ADMIN_SCOPE)) {
      return { refused: 'insufficient_scope', scopes: [ADMIN_SCOPE] };
    }
    return isPlatformAdminClient(client)
      ? { caller: { kind: 'platform-admin', person: null } }
      : { refused: 'forbidden', reason: 'only platform clients are platform admins' };
  }
  const problem = userTokenProblem(user);
  if (problem !== null) {
    return { refused: 'invalid_token', reason: problem };
  }
  if (!token.scopes.includes(SELF_SCOPE)) {
    return { refused: 'insufficient_scope', scopes: [SELF_SCOPE] };
  }
  const person = { userId: user.id, email: user.email };
  if (user.kind === 'platform') {
    // A platform user's token names no enterprise: one that does was not issued for this user.
    if (user.enterpriseId !== null || token.enterpriseId !== undefined) {
      return { refused: 'forbidden', reason: "the token's enterprise is not the user's" };
    }
    if (user.roles.includes('platform-admin')) {
      return { caller: { kind: 'platform-admin', person } };
    }
    if (user.roles.includes('platform-auditor')) {
      return { caller: { kind: 'platform-auditor', person } };
    }
    return { refused: 'forbidden', reason: 'the user has no platform role' };
  }
  if (user.kind !== 'enterprise' || !user.roles.includes('enterprise-admin')) {
    return { refused: 'forbidden', reason: 'only enterprise admins may use the account service' };
  }
  if (
    user.enterpriseId === null ||
    token.enterpriseId === undefined ||
    token.enterpriseId !== user.enterpriseId
  ) {
    return { refused: 'forbidden', reason: "the token's enterprise is not the user's" };
  }
  return { caller: { kind: 'enterprise-admin', person, enterpriseId: user.enterpriseId } };
}

/**
 * What a route lets enterprise admins touch; routes without one are for platform
 * admins only. `enterprise` is the enterprise itself (its id in the path); the
 * others are resources of an enterprise, in the path (`:id`), in a list's
 * `enterpriseId` filter, or in a create's body.
 */
export type EnterpriseScope =
  | {
      readonly resource: 'enterprise' | 'user' | 'contract' | 'system-account' | 'content-api';
      readonly via: 'path';
    }
  | { readonly via: 'list' }
  | { readonly via: 'create-user' }
  | { readonly via: 'create-system-account' };

/**
 * May this caller call a route with this scope at all (before looking at the target)? A
 * platform auditor reads (`writes` false: GET and HEAD) and never writes.
 */
export function mayCallRoute(
  caller: Caller,
  scope: EnterpriseScope | undefined,
  writes: boolean,
): boolean {
  switch (caller.kind) {
    case 'platform-admin':
      return true;
    case 'platform-auditor':
      return !writes;
    case 'enterprise-admin':
      return scope !== undefined;
  }
}

/**
 * Whether a resource belonging to `ownerEnterpriseId` (null: no enterprise, e.g.
 * an individual user or a platform account; undefined: it does not exist) is
 * visible to the caller. Invisible ones answer exactly like missing ones.
 */
export function canSee(caller: Caller, ownerEnterpriseId: string | null | undefined): boolean {
  if (caller.kind !== 'enterprise-admin') {
    return true; // platform admins and auditors see every enterprise
  }
  return ownerEnterpriseId !== undefined && ownerEnterpriseId === caller.enterpriseId;
}

/**
 * The `enterpriseId` filter a list runs with: the caller's own enterprise for an
 * enterprise admin (the requested one must be it, else `null`: nothing to see).
 */
export function listEnterpriseFilter(
  caller: Caller,
  requested: string | undefined,
): { readonly enterpriseId: string | undefined } | null {
  if (caller.kind !== 'enterprise-admin') {
    return { enterpriseId: requested }; // platform admins and auditors see every enterprise
  }
  if (requested !== undefined && requested.toLowerCase() !== caller.enterpriseId.toLowerCase()) {
    return null;
  }
  return { enterpriseId: caller.enterpriseId };
}

/** What an enterprise admin may create: enterprise users of their own enterprise only. */
export type CreateUserDecision = 'allowed' | 'forbidden' | 'enterprise_not_found';

export function mayCreateUser(
  caller: Caller,
  body: { readonly kind?: unknown; readonly enterpriseId?: unknown },
): CreateUserDecision {
  if (caller.kind !== 'enterprise-admin') {
    return 'allowed';
  }
  if (body.kind !== 'enterprise') {
    return 'forbidden';
  }
  if (
    typeof body.enterpriseId === 'string' &&
    body.enterpriseId.toLowerCase() !== caller.enterpriseId.toLowerCase()
  ) {
    return 'enterprise_not_found';
  }
  return 'allowed';
}

/**
 * What an enterprise admin may create as a system account: one of their own enterprise (absent:
 * it is theirs), an ordinary client whose access is its enterprise's contracts. Standing for a
 * content API (`resourceServerFor`) is beyond any contract; so is any client of an enterprise
 * without a contract in force (`hasContractInForce`, read by the caller).
 */
export type CreateSystemAccountDecision =
  'allowed' | 'enterprise_not_found' | 'beyond_contract' | 'no_contract_in_force';

export function mayCreateSystemAccount(
  caller: Caller,
  body: { readonly enterpriseId?: unknown; readonly resourceServerFor?: unknown },
  hasContractInForce: boolean,
): CreateSystemAccountDecision {
  if (caller.kind !== 'enterprise-admin') {
    return 'allowed';
  }
  if (
    body.enterpriseId !== undefined &&
    (typeof body.enterpriseId !== 'string' ||
      body.enterpriseId.toLowerCase() !== caller.enterpriseId.toLowerCase())
  ) {
    return 'enterprise_not_found';
  }
  if (body.resourceServerFor !== undefined) {
    return 'beyond_contract';
  }
  return hasContractInForce ? 'allowed' : 'no_contract_in_force';
}
