import { type ContractTerms, contractInForce } from '../../token/domain/access-selection.js';
import { formatScope } from '../../token/domain/scope.js';

/**
 * RFC 7662 rules for one introspection request. Pure; time is passed in.
 */

/** A token whose signature, `typ`, `iss` and `exp` the server verified, with its claims. */
export interface IntrospectedToken {
  readonly jti: string;
  readonly subject: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  readonly enterpriseId?: string;
  readonly contractId?: string;
  /** RFC 9449 §6.1 `cnf.jkt` of a DPoP-bound token. */
  readonly dpopJkt?: string;
}

export interface IntrospectionFacts {
  /** Null when the token is not one of ours or did not verify. */
  readonly token: IntrospectedToken | null;
  readonly callerClientId: string;
  /** The caller's content API when it is a protected-resource client, else null. */
  readonly callerResourceServerFor: string | null;
  readonly issuer: string;
  readonly revoked: boolean;
  /** The token's contract from the projection (undefined: unknown, or a token without contract). */
  readonly contract: ContractTerms | undefined;
  /** The contract's enterprise status in the projection, or null when unknown. */
  readonly enterpriseStatus: string | null;
  readonly now: Date;
}

/** RFC 7662 §2.2: the members we answer for an active token. */
export interface ActiveIntrospection {
  readonly active: true;
  readonly scope: string;
  readonly client_id: string;
  readonly sub: string;
  readonly aud: string;
  readonly iss: string;
  readonly exp: number;
  readonly iat: number;
  readonly jti: string;
  /** RFC 9449 §6.2: `DPoP` for a bound token, which also answers its `cnf`. */
  readonly token_type: 'Bearer' | 'DPoP';
  readonly cnf?: { readonly jkt: string };
  readonly enterprise_id?: string;
  readonly contract_id?: string;
}

export type IntrospectionAnswer =
  { readonly active: false } | ActiveIntrospection | ActiveRefreshIntrospection;

export const INACTIVE: { readonly active: false } = Object.freeze({ active: false as const });

/** The caller of /introspect as these rules see it. */
export interface IntrospectionCaller {
  readonly clientId: string;
  /** Set for a protected-resource client (RFC 7662 §2.1): the content API it stands for. */
  readonly resourceServerFor: string | null;
}

/**
 * Whom an access token may be described to (RFC 7662 §4: the server decides which callers
 * may learn about which tokens). The client it was issued to; and the protected resource
 * it was issued for (§1, §2.1: "a protected resource ... querying the authorization server"),
 * i.e. the protected-resource client standing for the content API named by the token's `aud`.
 * Nobody else: not another client of the same enterprise, not the resource server of another API.
 */
export function mayIntrospect(
  token: Pick<IntrospectedToken, 'clientId' | 'audience'>,
  caller: IntrospectionCaller,
): boolean {
  return (
    token.clientId === caller.clientId ||
    (caller.resourceServerFor !== null && token.audience === caller.resourceServerFor)
  );
}

/**
 * Whether the token is active now, and what the caller may learn of it. Everything
 * that is not an active token of the caller's own is `{active: false}` with nothing
 * else (RFC 7662 §2.2, and §4: the server answers for the caller's own tokens only,
 * so a client cannot probe another's).
 */
export function introspection(facts: IntrospectionFacts): IntrospectionAnswer {
  const { token, now } = facts;
  const caller = {
    clientId: facts.callerClientId,
    resourceServerFor: facts.callerResourceServerFor,
  };
  if (token === null || !mayIntrospect(token, caller)) {
    return INACTIVE;
  }
  if (token.expiresAt * 1000 <= now.getTime() || facts.revoked) {
    return INACTIVE;
  }
  // A contract token is active only while its contract is in force (as the content API decides).
  if (token.contractId !== undefined && !contractStillCovers(token, facts)) {
    return INACTIVE;
  }
  return {
    active: true,
    scope: token.scope,
    client_id: token.clientId,
    sub: token.subject,
    aud: token.audience,
    iss: facts.issuer,
    exp: token.expiresAt,
    iat: token.issuedAt,
    jti: token.jti,
    // RFC 9449 §6.2: the resource server learns the key the token is bound to.
    ...(token.dpopJkt === undefined
      ? { token_type: 'Bearer' as const }
      : { token_type: 'DPoP' as const, cnf: { jkt: token.dpopJkt } }),
    ...(token.enterpriseId === undefined ? {} : { enterprise_id: token.enterpriseId }),
    ...(token.contractId === undefined ? {} : { contract_id: token.contractId }),
  };
}

function contractStillCovers(token: IntrospectedToken, facts: IntrospectionFacts): boolean {
  const { contract } = facts;
  return (
    contract !== undefined &&
    contract.id === token.contractId &&
    contract.enterpriseId === token.enterpriseId &&
    contract.resourceIndicator === token.audience &&
    contractInForce(contract, facts.enterpriseStatus, facts.now)
  );
}

/** A refresh token as stored: its row and its family (what one authorization granted). */
export interface IntrospectedRefreshToken {
  readonly clientId: string;
  readonly userId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: Date;
  /** Rotated out: spent (a reuse would revoke its family). */
  readonly usedAt: Date | null;
  readonly familyRevokedAt: Date | null;
}

export interface RefreshIntrospectionFacts {
  /** Null when no refresh token has this value. */
  readonly token: IntrospectedRefreshToken | null;
  readonly callerClientId: string;
  /** Whether the user may still have tokens from the family's login (active, not deleted, no later password change). */
  readonly userCanHaveTokens: boolean;
  readonly now: Date;
}

/** RFC 7662 §2.2 for a refresh token. */
export interface ActiveRefreshIntrospection {
  readonly active: true;
  readonly client_id: string;
  readonly scope: string;
  readonly exp: number;
  readonly token_type: 'refresh_token';
  readonly sub: string;
}

/**
 * RFC 7662 §2.1: "token ... the string value of the token. For access tokens, this is the
 * access_token value ... For refresh tokens, this is the refresh_token value". Only the client
 * the refresh token was issued to may learn of it (a refresh token has no audience: no resource
 * server ever sees one); it is active while the refresh grant would take it: not rotated out,
 * unexpired, its family not revoked, its user still allowed tokens.
 */
export function refreshTokenIntrospection(
  facts: RefreshIntrospectionFacts,
): { readonly active: false } | ActiveRefreshIntrospection {
  const { token, now } = facts;
  if (token === null || token.clientId !== facts.callerClientId) {
    return INACTIVE;
  }
  if (
    token.usedAt !== null ||
    token.familyRevokedAt !== null ||
    token.expiresAt.getTime() <= now.getTime() ||
    !facts.userCanHaveTokens
  ) {
    return INACTIVE;
  }
  return {
    active: true,
    client_id: token.clientId,
    // Distinct, in order: a family may store a scope twice (identity and API scopes joined).
    scope: formatScope([...new Set(token.scopes)]),
    exp: Math.floor(token.expiresAt.getTime() / 1000),
    token_type: 'refresh_token',
    sub: token.userId,
  };
}
