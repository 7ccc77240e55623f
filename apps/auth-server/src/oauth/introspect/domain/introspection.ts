import { type ContractTerms, contractInForce } from '../../token/domain/access-selection.js';

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
}

export interface IntrospectionFacts {
  /** Null when the token is not one of ours or did not verify. */
  readonly token: IntrospectedToken | null;
  readonly callerClientId: string;
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
  readonly token_type: 'Bearer';
  readonly enterprise_id?: string;
  readonly contract_id?: string;
}

export type IntrospectionAnswer = { readonly active: false } | ActiveIntrospection;

export const INACTIVE: IntrospectionAnswer = Object.freeze({ active: false });

/**
 * Whether the token is active now, and what the caller may learn of it. Everything
 * that is not an active token of the caller's own is `{active: false}` with nothing
 * else (RFC 7662 §2.2, and §4: the server answers for the caller's own tokens only,
 * so a client cannot probe another's).
 */
export function introspection(facts: IntrospectionFacts): IntrospectionAnswer {
  const { token, now } = facts;
  if (token === null || token.clientId !== facts.callerClientId) {
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
    token_type: 'Bearer',
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
