/**
 * One rule for accepting an access token, in every service that accepts them.
 *
 * `@charter/auth` has already checked what the token says of itself: signature, `typ`, `iss`,
 * `aud`, `exp` (RFC 9068 §4) and the required claims. This rule decides whether what the token
 * names may still act now: the token is not revoked (RFC 7009), its client is a known, active,
 * undeleted system account, the client secret that obtained it is not revoked, its user may still
 * act, its enterprise is active, and a contract token's contract is in force for this API.
 *
 * Pure: time and facts are passed in. Each service answers the `AccessFacts` port from its own
 * state (the content API from memory, the account service from its tables), so the decision is
 * the same everywhere and only the source of the facts differs.
 */

export type ContractStatus = 'active' | 'suspended' | 'terminated';
export type EnterpriseStatus = 'active' | 'suspended' | 'closed';
export type UserStatus = 'invited' | 'active' | 'disabled';
export type ClientStatus = 'active' | 'disabled';

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

/** What a service knows of a user whose tokens it may see. */
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

/** A client secret of a system account: its id and when it stops authenticating (never the secret). */
export interface CredentialFacts {
  readonly id: string;
  /** Null: no expiry. A revoked secret's expiry is the moment of its revocation. */
  readonly expiresAt: Date | null;
}

/** A system account (OAuth client) as the rule needs it. */
export interface ClientFacts {
  readonly clientId: string;
  /** Null for platform clients, which belong to no enterprise. */
  readonly enterpriseId: string | null;
  readonly status: ClientStatus;
  readonly deletedAt: Date | null;
  /** The secrets still on record; one dropped (replaced, rotated out) is gone from here. */
  readonly credentials: readonly CredentialFacts[];
}

/** What the token claims (RFC 9068 claims plus Charter's own). */
export interface TokenFacts {
  /** `sub`: the client itself for client_credentials (RFC 9068 §2.2), else a user id. */
  readonly subject: string;
  readonly clientId: string;
  readonly contractId?: string;
  readonly enterpriseId?: string;
  readonly scopes: readonly string[];
  /** `jti` (RFC 7519 §4.1.7): the revocation list keys on it. */
  readonly tokenId: string;
  /** `credential_id`: the client secret that authenticated the token request, when one did. */
  readonly credentialId?: string;
}

/**
 * The port: what a service knows, from its own state, at the moment of the decision. Each
 * lookup answers undefined when the service knows no such thing (the rule then refuses: fail
 * closed). Synchronous, so a service deciding from memory pays no promise per lookup; a
 * service deciding from its database gathers the facts first (`factsNeeded` says which).
 */
export interface AccessFacts {
  /** The token's `jti` is on the revocation list (RFC 7009, a reused code or refresh token). */
  isRevoked(tokenId: string): boolean;
  client(clientId: string): ClientFacts | undefined;
  user(userId: string): UserFacts | undefined;
  enterprise(enterpriseId: string): EnterpriseFacts | undefined;
  contract(contractId: string): ContractFacts | undefined;
}

/** What the accepting service adds: who it is, when it is, and whether it serves contracts only. */
export interface AcceptancePolicy {
  /** This service's resource indicator (RFC 8707): a contract must be for it. */
  readonly audience: string;
  readonly now: Date;
  /**
   * `required`: every token but an individual user's needs a contract (a data API sold by
   * contract). `optional`: a token without one is judged on its client, user and enterprise
   * (the account service, whose callers are platform clients and enterprise admins).
   */
  readonly contracts: 'required' | 'optional';
}

/** Stable reasons to refuse; each has a description that is safe to show the caller. */
export type AccessRefusal =
  | 'token_revoked'
  | 'client_unknown'
  | 'client_deleted'
  | 'client_disabled'
  | 'credential_revoked'
  | 'client_enterprise_mismatch'
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
    case 'client_unknown':
      return 'client is unknown';
    case 'client_deleted':
      return 'client is deleted';
    case 'client_disabled':
      return 'client is disabled';
    case 'credential_revoked':
      return 'the client credential that obtained this token is revoked';
    case 'client_enterprise_mismatch':
      return 'client does not belong to the enterprise of the token';
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

/** Whether a client secret still authenticates at `now` (the auth-server applies the same rule). */
export function isCredentialUsable(credential: CredentialFacts, now: Date): boolean {
  return credential.expiresAt === null || now.getTime() < credential.expiresAt.getTime();
}

/**
 * A client's tokens are good only while the client may get tokens: known, not deleted, active,
 * and, when the token names the secret that obtained it, while that secret still authenticates
 * (a revoked or replaced secret takes its tokens with it; the client's other secrets do not).
 */
export function clientRefusal(
  token: TokenFacts,
  client: ClientFacts | undefined,
  now: Date,
): AccessRefusal | null {
  if (client === undefined || client.clientId !== token.clientId) {
    return 'client_unknown';
  }
  if (client.deletedAt !== null) {
    return 'client_deleted';
  }
  if (client.status !== 'active') {
    return 'client_disabled';
  }
  if (token.credentialId !== undefined) {
    const credential = client.credentials.find((candidate) => candidate.id === token.credentialId);
    if (credential === undefined || !isCredentialUsable(credential, now)) {
      return 'credential_revoked';
    }
  }
  // A client's own token names the client's enterprise (none for a platform client); an
  // enterprise's client acts for users of that enterprise only (the auth-server's rule).
  if (
    (client.enterpriseId !== null || !isUserToken(token)) &&
    (token.enterpriseId ?? null) !== client.enterpriseId
  ) {
    return 'client_enterprise_mismatch';
  }
  return null;
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

function enterpriseRefusal(
  enterprise: EnterpriseFacts | undefined,
  id: string,
): AccessRefusal | null {
  if (enterprise === undefined || enterprise.id !== id) {
    return 'enterprise_unknown';
  }
  return enterprise.status === 'active' ? null : 'enterprise_not_active';
}

/** The contract rules: which contract, for what, in which state, when. */
function contractRefusal(
  token: TokenFacts,
  contract: ContractFacts | undefined,
  policy: AcceptancePolicy,
): AccessRefusal | null {
  if (contract === undefined || contract.id !== token.contractId) {
    return 'contract_unknown';
  }
  if (contract.deletedAt !== null) {
    return 'contract_deleted';
  }
  if (contract.resourceIndicator !== policy.audience) {
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
  if (policy.now.getTime() < contract.validFrom.getTime()) {
    return 'contract_not_yet_in_force';
  }
  if (!isInForceAt(contract, policy.now)) {
    return 'contract_ended';
  }
  // A token delivers exactly what the contract covers, never more.
  const covered = new Set(contract.scopes);
  if (!token.scopes.every((scope) => covered.has(scope))) {
    return 'scope_not_covered';
  }
  return null;
}

/**
 * The first reason the token must be refused now, or null when it is good. Checked in the
 * order a caller can act on: the token itself, its client, its user, its contract, and last
 * the enterprise every one of them belongs to.
 */
export function tokenRefusal(
  token: TokenFacts,
  facts: AccessFacts,
  policy: AcceptancePolicy,
): AccessRefusal | null {
  // A revoked token is refused whatever else holds.
  if (facts.isRevoked(token.tokenId)) {
    return 'token_revoked';
  }
  const client = facts.client(token.clientId);
  const refusedClient = clientRefusal(token, client, policy.now);
  if (refusedClient !== null) {
    return refusedClient;
  }
  if (isUserToken(token)) {
    const refusedUser = userRefusal(token, facts.user(token.subject));
    if (refusedUser !== null) {
      return refusedUser;
    }
  }
  const individual =
    isUserToken(token) && token.contractId === undefined && token.enterpriseId === undefined;
  if (token.contractId === undefined) {
    // An individual user's token (a platform client's: no enterprise, no contract) reads the
    // data that is not an enterprise's, as far as its scopes go.
    if (policy.contracts === 'required' && !individual) {
      return 'contract_required';
    }
  } else {
    const refusedContract = contractRefusal(token, facts.contract(token.contractId), policy);
    if (refusedContract !== null) {
      return refusedContract;
    }
  }
  // Client, user and contract all belong to the token's enterprise by now (or to none).
  return token.enterpriseId === undefined
    ? null
    : enterpriseRefusal(facts.enterprise(token.enterpriseId), token.enterpriseId);
}

/**
 * What a service that reads its facts from a database must gather for `token` before asking
 * `tokenRefusal`: the ids each lookup of the rule may name.
 */
export function factsNeeded(token: TokenFacts): {
  readonly tokenId: string;
  readonly clientId: string;
  readonly userId?: string;
  readonly contractId?: string;
  readonly enterpriseId?: string;
} {
  return {
    tokenId: token.tokenId,
    clientId: token.clientId,
    ...(isUserToken(token) ? { userId: token.subject } : {}),
    ...(token.contractId === undefined ? {} : { contractId: token.contractId }),
    ...(token.enterpriseId === undefined ? {} : { enterpriseId: token.enterpriseId }),
  };
}
