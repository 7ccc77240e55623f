/**
 * Whether a verified access token may be used at this API right now, decided
 * from the contract, enterprise and user projection. Pure: time is passed in.
 */

export type ContractStatus = 'active' | 'suspended' | 'terminated';
export type EnterpriseStatus = 'active' | 'suspended' | 'closed';

export interface ContractFacts {
  readonly id: string;
  readonly enterpriseId: string;
  readonly resourceIndicator: string;
  readonly scopes: readonly string[];
  /** Dataset names the contract covers; empty: all of this API's data. */
  readonly datasets: readonly string[];
  /** Null: no rate limit. */
  readonly requestsPerMinute: number | null;
  readonly validFrom: Date;
  /** Null: open-ended. */
  readonly validUntil: Date | null;
  readonly status: ContractStatus;
  /** Soft deletion: a deleted contract covers nothing. */
  readonly deletedAt: Date | null;
}

export type UserStatus = 'invited' | 'active' | 'disabled';

/** What the projection knows of a user whose tokens this API may see. */
export interface UserFacts {
  readonly id: string;
  /** Null for individual users. */
  readonly enterpriseId: string | null;
  readonly status: UserStatus;
  readonly deletedAt: Date | null;
}

export interface EnterpriseFacts {
  readonly id: string;
  readonly status: EnterpriseStatus;
}

/** What the token claims (RFC 9068 claims plus the contract claims). */
export interface TokenFacts {
  /** `sub`: the client itself for client_credentials (RFC 9068 §2.2), else a user id. */
  readonly subject: string;
  readonly clientId: string;
  readonly contractId?: string;
  readonly enterpriseId?: string;
  readonly scopes: readonly string[];
}

export interface AccessQuestion {
  readonly token: TokenFacts;
  /** The token's `jti` is on the revocation list (its client revoked it, RFC 7009). */
  readonly revoked: boolean;
  /** Undefined when the projection has no such contract. */
  readonly contract: ContractFacts | undefined;
  readonly enterprise: EnterpriseFacts | undefined;
  /** The user the token's `sub` names (user tokens only); undefined when the projection has none. */
  readonly user: UserFacts | undefined;
  /** This API's resource indicator. */
  readonly audience: string;
  readonly now: Date;
}

/** Stable reasons to refuse; each has a description that is safe to show the caller. */
export type AccessRefusal =
  | 'token_revoked'
  | 'user_unknown'
  | 'user_deleted'
  | 'user_not_active'
  | 'user_enterprise_mismatch'
  | 'contract_required'
  | 'contract_unknown'
  | 'contract_deleted'
  | 'contract_for_other_api'
  | 'contract_enterprise_mismatch'
  | 'contract_suspended'
  | 'contract_terminated'
  | 'contract_not_yet_in_force'
  | 'contract_ended'
  | 'scope_not_covered'
  | 'enterprise_unknown'
  | 'enterprise_not_active';

export function describeRefusal(refusal: AccessRefusal): string {
  switch (refusal) {
    case 'token_revoked':
      return 'token revoked';
    case 'user_unknown':
      return 'user is unknown';
    case 'user_deleted':
      return 'user is deleted';
    case 'user_not_active':
      return 'user is not active';
    case 'user_enterprise_mismatch':
      return 'user does not belong to the enterprise of the token';
    case 'contract_required':
      return 'token carries no contract; this API serves contract holders and individual users only';
    case 'contract_unknown':
      return 'contract is unknown';
    case 'contract_deleted':
      return 'contract is deleted';
    case 'contract_for_other_api':
      return 'contract does not cover this API';
    case 'contract_enterprise_mismatch':
      return 'contract belongs to another enterprise';
    case 'contract_suspended':
      return 'contract is suspended';
    case 'contract_terminated':
      return 'contract is terminated';
    case 'contract_not_yet_in_force':
      return 'contract is not in force yet';
    case 'contract_ended':
      return 'contract has ended';
    case 'scope_not_covered':
      return 'token carries a scope the contract does not cover';
    case 'enterprise_unknown':
      return 'enterprise is unknown';
    case 'enterprise_not_active':
      return 'enterprise is not active';
  }
}

/** In force at `at`: from `validFrom` (inclusive) until `validUntil` (exclusive, null = open-ended). */
export function isInForceAt(
  contract: Pick<ContractFacts, 'validFrom' | 'validUntil'>,
  at: Date,
): boolean {
  const t = at.getTime();
  return (
    contract.validFrom.getTime() <= t &&
    (contract.validUntil === null || t < contract.validUntil.getTime())
  );
}

/**
 * A token issued for a user rather than for the client itself: client_credentials tokens
 * carry the client as `sub` (RFC 9068 §2.2); user tokens (authorization code, refresh,
 * password, token exchange) carry the user's id, and `client_id` names the client.
 */
export function isUserToken(token: Pick<TokenFacts, 'subject' | 'clientId'>): boolean {
  return token.subject !== token.clientId;
}

/**
 * A user's token is good only while the user may act: known, not deleted, active, and of the
 * token's enterprise (an individual user, of none, holds tokens without `enterprise_id`).
 */
export function userRefusal(token: TokenFacts, user: UserFacts | undefined): AccessRefusal | null {
  if (user === undefined || user.id !== token.subject) {
    return 'user_unknown';
  }
  if (user.deletedAt !== null) {
    return 'user_deleted';
  }
  if (user.status !== 'active') {
    return 'user_not_active';
  }
  if (user.enterpriseId !== (token.enterpriseId ?? null)) {
    return 'user_enterprise_mismatch';
  }
  return null;
}

/**
 * The first reason the token must be refused now, or null when it is good.
 * Checked in the order a caller can act on: which contract, for what, in which state, when.
 */
export function accessRefusal(question: AccessQuestion): AccessRefusal | null {
  const { token, contract, enterprise, audience, now } = question;
  // A revoked token is refused whatever its contract says.
  if (question.revoked) {
    return 'token_revoked';
  }
  if (isUserToken(token)) {
    const refusal = userRefusal(token, question.user);
    if (refusal !== null) {
      return refusal;
    }
    // An individual user's token (a platform client's: no enterprise, no contract) reads the
    // data that is not an enterprise's, as far as its scopes go; reports need an enterprise.
    if (token.contractId === undefined && token.enterpriseId === undefined) {
      return null;
    }
  }
  if (token.contractId === undefined) {
    return 'contract_required';
  }
  if (contract === undefined || contract.id !== token.contractId) {
    return 'contract_unknown';
  }
  if (contract.deletedAt !== null) {
    return 'contract_deleted';
  }
  if (contract.resourceIndicator !== audience) {
    return 'contract_for_other_api';
  }
  // The auth-server copies the contract's enterprise into the token; a difference means the token is not this contract's.
  if (token.enterpriseId !== contract.enterpriseId) {
    return 'contract_enterprise_mismatch';
  }
  if (contract.status === 'suspended') {
    return 'contract_suspended';
  }
  if (contract.status === 'terminated') {
    return 'contract_terminated';
  }
  if (now.getTime() < contract.validFrom.getTime()) {
    return 'contract_not_yet_in_force';
  }
  if (!isInForceAt(contract, now)) {
    return 'contract_ended';
  }
  // A token delivers exactly what the contract covers, never more.
  const covered = new Set(contract.scopes);
  if (!token.scopes.every((scope) => covered.has(scope))) {
    return 'scope_not_covered';
  }
  if (enterprise === undefined || enterprise.id !== contract.enterpriseId) {
    return 'enterprise_unknown';
  }
  if (enterprise.status !== 'active') {
    return 'enterprise_not_active';
  }
  return null;
}
