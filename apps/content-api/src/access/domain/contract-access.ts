/**
 * Whether a verified access token may be used at this API right now, decided
 * from the contract and enterprise projection. Pure: time is passed in.
 */

export type ContractStatus = 'active' | 'suspended' | 'terminated';
export type EnterpriseStatus = 'active' | 'suspended' | 'closed';

export interface ContractFacts {
  readonly id: string;
  readonly enterpriseId: string;
  readonly resourceIndicator: string;
  readonly scopes: readonly string[];
  readonly validFrom: Date;
  /** Null: open-ended. */
  readonly validUntil: Date | null;
  readonly status: ContractStatus;
}

export interface EnterpriseFacts {
  readonly id: string;
  readonly status: EnterpriseStatus;
}

/** What the token claims (RFC 9068 claims plus the contract claims). */
export interface TokenFacts {
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
  /** This API's resource indicator. */
  readonly audience: string;
  readonly now: Date;
}

/** Stable reasons to refuse; each has a description that is safe to show the caller. */
export type AccessRefusal =
  | 'token_revoked'
  | 'contract_required'
  | 'contract_unknown'
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
    case 'contract_required':
      return 'token carries no contract; this API serves contract holders only';
    case 'contract_unknown':
      return 'contract is unknown';
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
 * The first reason the token must be refused now, or null when it is good.
 * Checked in the order a caller can act on: which contract, for what, in which state, when.
 */
export function accessRefusal(question: AccessQuestion): AccessRefusal | null {
  const { token, contract, enterprise, audience, now } = question;
  // A revoked token is refused whatever its contract says.
  if (question.revoked) {
    return 'token_revoked';
  }
  if (token.contractId === undefined) {
    return 'contract_required';
  }
  if (contract === undefined || contract.id !== token.contractId) {
    return 'contract_unknown';
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
