/**
 * The FAPI 2.0 Security Profile (final) as the authorization server applies it to a client whose
 * `securityProfile` is `fapi2`, per request. The registration-time rules (private_key_jwt only,
 * no password grant, PKCE required, ES256/PS256 ID tokens) are the account service's, checked
 * on every change; the rules here are the ones a request can break, and they are checked again
 * for the settings too, so a projection written before a rule cannot weaken it.
 */

export type SecurityProfile = 'fapi2';

/** §5.4.1 item 1: PS256 or ES256 (EdDSA is allowed there; Charter does not sign with it). */
export const FAPI2_ALGORITHMS: readonly string[] = ['ES256', 'PS256'];

/** What a token request brings that the profile constrains. */
export interface Fapi2TokenRequest {
  readonly securityProfile: SecurityProfile | null;
  readonly authMethod: string;
  readonly grantType: string;
  /** The thumbprint of the request's verified DPoP proof, if it had one. */
  readonly dpopJkt: string | undefined;
}

/** An RFC 6749 §5.2 error code and a description naming the rule. */
export interface Fapi2Refusal {
  readonly error:
    'invalid_client' | 'invalid_request' | 'unauthorized_client' | 'invalid_dpop_proof';
  readonly description: string;
}

/** §5.3.2.1 item 6: clients authenticate with private_key_jwt (or mTLS, not offered here). */
const PRIVATE_KEY_JWT_ONLY: Fapi2Refusal = {
  error: 'invalid_client',
  description: 'a fapi2 client authenticates with private_key_jwt (FAPI 2.0 section 5.3.2.1)',
};

/** Why a fapi2 client's token request is refused, or null (also null for other clients). */
export function fapi2TokenRefusal(request: Fapi2TokenRequest): Fapi2Refusal | null {
  if (request.securityProfile !== 'fapi2') {
    return null;
  }
  // §5.3.2.1 item 6: clients authenticate with private_key_jwt (or mTLS, not offered here).
  if (request.authMethod !== 'private_key_jwt') {
    return PRIVATE_KEY_JWT_ONLY;
  }
  // §5.3.2.1 item 2.
  if (request.grantType === 'password') {
    return {
      error: 'unauthorized_client',
      description: 'the password grant is refused for a fapi2 client (FAPI 2.0 section 5.3.2.1)',
    };
  }
  // §5.3.2.1 items 4 and 5: only sender-constrained tokens, by DPoP here.
  if (request.dpopJkt === undefined) {
    return {
      error: 'invalid_dpop_proof',
      description:
        'a fapi2 client gets only DPoP-bound tokens: send a DPoP proof (FAPI 2.0 section 5.3.2.1)',
    };
  }
  return null;
}

/**
 * §5.3.2.2 item 2: a fapi2 client's authorization requests come only through PAR (as every
 * client's do when PAR is required server-wide).
 */
export function requiresPushedRequest(
  securityProfile: SecurityProfile | null,
  parRequiredEverywhere: boolean,
): boolean {
  return parRequiredEverywhere || securityProfile === 'fapi2';
}

/**
 * The JWS algorithms accepted from the client (its assertions, its DPoP proofs): §5.4.1 narrows
 * a fapi2 client's to ES256 and PS256; others keep the server's list.
 */
export function clientSigningAlgorithms(
  securityProfile: SecurityProfile | null,
  serverAlgorithms: readonly string[],
): readonly string[] {
  return securityProfile === 'fapi2'
    ? serverAlgorithms.filter((algorithm) => FAPI2_ALGORITHMS.includes(algorithm))
    : serverAlgorithms;
}

/** What a pushed authorization request brings that the profile constrains. */
export interface Fapi2PushedRequest {
  readonly securityProfile: SecurityProfile | null;
  readonly authMethod: string;
  readonly redirectUriGiven: boolean;
}

/** Why a fapi2 client's pushed authorization request is refused, or null. */
export function fapi2PushRefusal(request: Fapi2PushedRequest): Fapi2Refusal | null {
  if (request.securityProfile !== 'fapi2') {
    return null;
  }
  if (request.authMethod !== 'private_key_jwt') {
    return PRIVATE_KEY_JWT_ONLY;
  }
  // §5.3.2.2 item 4: even with one registered URI, a fapi2 client names it.
  if (!request.redirectUriGiven) {
    return {
      error: 'invalid_request',
      description:
        'a fapi2 client sends redirect_uri in its pushed request (FAPI 2.0 section 5.3.2.2)',
    };
  }
  return null;
}
