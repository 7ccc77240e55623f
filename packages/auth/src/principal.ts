/** Who called, as the access token says (RFC 9068 claims), for controllers and access checks. */
export interface Principal {
  /** `sub`: the client id for client_credentials, the user id for user tokens. */
  readonly subject: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly audience: readonly string[];
  /** `jti`, the token's id (revocation lists key on it). */
  readonly tokenId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly enterpriseId?: string;
  readonly contractId?: string;
  /** `act.sub` (RFC 8693 §4.1): the party acting for the subject, after token exchange. */
  readonly actor?: string;
  /** `credential_id`: the id of the client secret that authenticated the token request, if one did. */
  readonly credentialId?: string;
  /** RFC 9449 §6.1 `cnf.jkt`: the DPoP key the token is bound to (its proof was checked). */
  readonly dpopJkt?: string;
  /** RFC 8176 `amr`: how the user authenticated (`pwd`, `otp`, `mfa`, …); user tokens only. */
  readonly amr?: readonly string[];
  /** OIDC Core §2 `acr`: the authentication context class the sign-in satisfied. */
  readonly acr?: string;
}

/** The claims Charter's access tokens carry (RFC 9068 §2.2 plus contract claims). */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  client_id: string;
  scope?: string;
  jti: string;
  iat: number;
  exp: number;
  enterprise_id?: string;
  contract_id?: string;
  /** RFC 8693 §4.1: the current actor; a nested `act` names earlier actors. */
  act?: { sub: string };
  /**
   * Charter's own claim: the id of the client secret (credential) the client authenticated
   * with at the token endpoint (client_secret_basic or client_secret_post). Absent when the
   * client used private_key_jwt or none. A resource server refuses the token once that secret
   * is revoked or replaced, and only then: the client's other secrets keep their tokens.
   */
  credential_id?: string;
  /** RFC 7800 §3.1 / RFC 9449 §6.1: the DPoP key (JWK SHA-256 thumbprint) the token is bound to. */
  cnf?: { jkt?: string };
  /** RFC 9068 §2.2.1 / RFC 8176: authentication methods of the user's sign-in. */
  amr?: string[];
  /** RFC 9068 §2.2.1: authentication context class of the user's sign-in. */
  acr?: string;
}

export function principalFromClaims(claims: AccessTokenClaims): Principal {
  return {
    subject: claims.sub,
    clientId: claims.client_id,
    scopes: (claims.scope ?? '').split(' ').filter((scope) => scope.length > 0),
    audience: Array.isArray(claims.aud) ? claims.aud : [claims.aud],
    tokenId: claims.jti,
    issuedAt: new Date(claims.iat * 1000),
    expiresAt: new Date(claims.exp * 1000),
    ...(claims.enterprise_id === undefined ? {} : { enterpriseId: claims.enterprise_id }),
    ...(claims.contract_id === undefined ? {} : { contractId: claims.contract_id }),
    ...(claims.act === undefined ? {} : { actor: claims.act.sub }),
    ...(claims.credential_id === undefined ? {} : { credentialId: claims.credential_id }),
    ...(claims.cnf?.jkt === undefined ? {} : { dpopJkt: claims.cnf.jkt }),
    ...(Array.isArray(claims.amr)
      ? { amr: claims.amr.filter((method): method is string => typeof method === 'string') }
      : {}),
    ...(typeof claims.acr === 'string' ? { acr: claims.acr } : {}),
  };
}

/** RFC 9068 §2.2 requires these; a token without them is not ours. */
export function hasRequiredClaims(payload: unknown): payload is AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) {
    return false;
  }
  const claims = payload as Record<string, unknown>;
  const optionalString = (value: unknown): boolean =>
    value === undefined || typeof value === 'string';
  return (
    typeof claims.sub === 'string' &&
    typeof claims.client_id === 'string' &&
    typeof claims.jti === 'string' &&
    typeof claims.iat === 'number' &&
    typeof claims.exp === 'number' &&
    optionalString(claims.scope) &&
    optionalString(claims.enterprise_id) &&
    optionalString(claims.contract_id) &&
    optionalString(claims.credential_id) &&
    (claims.cnf === undefined ||
      (typeof claims.cnf === 'object' &&
        claims.cnf !== null &&
        typeof (claims.cnf as { jkt?: unknown }).jkt === 'string')) &&
    (claims.act === undefined ||
      (typeof claims.act === 'object' &&
        claims.act !== null &&
        typeof (claims.act as { sub?: unknown }).sub === 'string'))
  );
}
