/**
 * What a client_credentials token may carry (RFC 6749 §4.4, RFC 8707): the
 * client's access comes from its enterprise's contracts in force, plus the
 * platform access some system accounts have. Pure rules; time is passed in.
 */

export interface ContractTerms {
  readonly id: string;
  readonly enterpriseId: string;
  readonly resourceIndicator: string;
  readonly scopes: readonly string[];
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  readonly status: string;
  /** Soft deletion: a deleted contract covers nothing. */
  readonly deletedAt?: Date | null;
}

export interface PlatformAccessTerms {
  readonly audience: string;
  readonly scopes: readonly string[];
}

export interface AccessRequest {
  readonly enterpriseId: string | null;
  /** ACCOUNT_SERVICE_AUDIENCE: never a contract's audience (see `withoutReservedAccess`). */
  readonly accountServiceAudience: string;
  /** The enterprise's status in the projection; null for platform clients. */
  readonly enterpriseStatus: string | null;
  readonly platformAccess: PlatformAccessTerms | null;
  /** The enterprise's contracts, whatever their status. */
  readonly contracts: readonly ContractTerms[];
  /** RFC 8707 resource, already checked to be an absolute URI. */
  readonly resource?: string;
  /** RFC 6749 §3.3 scope, parsed; undefined when the request had none. */
  readonly requestedScopes?: readonly string[];
  readonly now: Date;
}

/** The one audience a token is for, and what it may do there. */
export interface GrantedAccess {
  readonly audience: string;
  readonly scopes: readonly string[];
  readonly contractId?: string;
  readonly enterpriseId?: string;
  /** The token must not outlive this (the contract's end). */
  readonly notAfter?: Date;
}

export type AccessRefusalCode =
  'invalid_request' | 'unauthorized_client' | 'invalid_scope' | 'invalid_target';

export type AccessDecision =
  | { readonly granted: true; readonly access: GrantedAccess }
  | { readonly granted: false; readonly error: AccessRefusalCode; readonly description: string };

/** A contract is in force while active, inside its validity window, and its enterprise active. */
export function contractInForce(
  contract: ContractTerms,
  enterpriseStatus: string | null,
  now: Date,
): boolean {
  return (
    enterpriseStatus === 'active' &&
    !contract.deletedAt &&
    contract.status === 'active' &&
    contract.validFrom <= now &&
    (contract.validUntil === null || now < contract.validUntil)
  );
}

/** Scopes only the account service defines; a contract never carries one into a token. */
const RESERVED_SCOPE_PREFIX = 'accounts:';

export function isReservedScope(scope: string): boolean {
  return scope.toLowerCase().startsWith(RESERVED_SCOPE_PREFIX);
}

/**
 * Contracts as they may be used for a token: the account service's audience and `accounts:*`
 * scopes are reserved (ARCHITECTURE, security invariants), so a contract for that audience
 * counts as none and a reserved scope is dropped from the others. The account service refuses
 * both when a content API or contract is written; this holds even if old data got through,
 * so that no contract makes an enterprise's client look like a platform admin there.
 */
export function withoutReservedAccess(
  contracts: readonly ContractTerms[],
  accountServiceAudience: string,
): ContractTerms[] {
  return contracts
    .filter((contract) => !sameUrl(contract.resourceIndicator, accountServiceAudience))
    .map((contract) =>
      // Only a contract that lists a reserved scope is copied: the token path stays allocation-light.
      contract.scopes.some(isReservedScope)
        ? { ...contract, scopes: contract.scopes.filter((scope) => !isReservedScope(scope)) }
        : contract,
    )
    .filter((contract) => contract.scopes.length > 0);
}

/**
 * Normalised URLs, memoised: the strings compared are resource indicators of the projection and
 * the configured audience (a bounded set), compared on every token request. Capped all the same.
 */
const normalisedUrls = new Map<string, string>();
const MAX_NORMALISED_URLS = 10_000;

function normalise(url: string): string {
  let normalised = normalisedUrls.get(url);
  if (normalised === undefined) {
    try {
      normalised = new URL(url).href;
    } catch {
      normalised = url;
    }
    if (normalisedUrls.size >= MAX_NORMALISED_URLS) {
      normalisedUrls.clear();
    }
    normalisedUrls.set(url, normalised);
  }
  return normalised;
}

/** URLs equal once normalised (case of scheme and host, default port, empty path). */
function sameUrl(a: string, b: string): boolean {
  return a === b || normalise(a) === normalise(b);
}

const refuse = (error: AccessRefusalCode, description: string): AccessDecision => ({
  granted: false,
  error,
  description,
});

export function selectAccess(request: AccessRequest): AccessDecision {
  // A deleted contract covers nothing: as if it had never been.
  const contracts = withoutReservedAccess(request.contracts, request.accountServiceAudience).filter(
    (contract) => contract.enterpriseId === request.enterpriseId && !contract.deletedAt,
  );
  let candidates: GrantedAccess[] = [
    ...contracts
      .filter((contract) => contractInForce(contract, request.enterpriseStatus, request.now))
      .map((contract) => ({
        audience: contract.resourceIndicator,
        scopes: [...new Set(contract.scopes)],
        contractId: contract.id,
        enterpriseId: contract.enterpriseId,
        ...(contract.validUntil === null ? {} : { notAfter: contract.validUntil }),
      })),
    ...(request.platformAccess
      ? [
          {
            audience: request.platformAccess.audience,
            scopes: [...new Set(request.platformAccess.scopes)],
          },
        ]
      : []),
  ];

  // RFC 8707 §2: the resource names the audience; one the client has no access to is not acceptable.
  if (request.resource !== undefined) {
    const resource = request.resource;
    candidates = candidates.filter((candidate) => candidate.audience === resource);
    if (candidates.length === 0) {
      // The client has a contract for this resource, but it is suspended, terminated or outside its
      // validity window: the resource is fine, the client is not authorised for it now.
      return contracts.some((contract) => contract.resourceIndicator === resource)
        ? refuse('unauthorized_client', 'no contract in force for this resource')
        : refuse('invalid_target', 'the resource is unknown or not available to this client');
    }
  } else if (candidates.length === 0) {
    return refuse('unauthorized_client', 'no contract in force');
  }

  // RFC 6749 §3.3: the server may issue less than requested (and then says what it issued).
  const requested = request.requestedScopes;
  if (requested !== undefined) {
    candidates = candidates
      .map((candidate) => ({
        ...candidate,
        scopes: candidate.scopes.filter((scope) => requested.includes(scope)),
      }))
      .filter((candidate) => candidate.scopes.length > 0);
    if (candidates.length === 0) {
      return refuse('invalid_scope', 'none of the requested scopes can be granted');
    }
  }

  // A token has one audience (RFC 9068 §3 with RFC 8707): the client must say which.
  if (new Set(candidates.map((candidate) => candidate.audience)).size > 1) {
    return refuse('invalid_request', 'several resources match; pass resource');
  }
  return { granted: true, access: best(candidates) };
}

/**
 * Several contracts in force for the same resource (overlapping renewals): take
 * the one that grants the most of what was asked, then a contract over platform
 * access, then the one that lasts longest, then the lowest id, so the choice is stable.
 */
function best(candidates: readonly GrantedAccess[]): GrantedAccess {
  const sorted = [...candidates].sort(
    (a, b) =>
      b.scopes.length - a.scopes.length ||
      Number(b.contractId !== undefined) - Number(a.contractId !== undefined) ||
      (b.notAfter?.getTime() ?? Number.MAX_SAFE_INTEGER) -
        (a.notAfter?.getTime() ?? Number.MAX_SAFE_INTEGER) ||
      (a.contractId ?? '').localeCompare(b.contractId ?? ''),
  );
  return sorted[0] as GrantedAccess;
}
