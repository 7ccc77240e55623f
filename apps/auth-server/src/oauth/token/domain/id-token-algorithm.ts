/**
 * How an ID token is signed: per client, from its `id_token_signed_response_alg`
 * (OpenID Connect Dynamic Client Registration 1.0 §2). RS256 when the client registered
 * none: the default there, and OIDC Core §15.1 makes it mandatory to implement, so a
 * certified relying party that expects it by default (OIDC Core §3.1.3.7 step 7) works.
 */
export const ID_TOKEN_SIGNING_ALGORITHMS = ['RS256', 'ES256', 'PS256'] as const;
export type IdTokenSigningAlgorithm = (typeof ID_TOKEN_SIGNING_ALGORITHMS)[number];

export const DEFAULT_ID_TOKEN_SIGNING_ALGORITHM: IdTokenSigningAlgorithm = 'RS256';

/** The algorithm of a client's ID tokens; `registered` is its setting, null when it chose none. */
export function idTokenSigningAlgorithm(
  registered: IdTokenSigningAlgorithm | null | undefined,
): IdTokenSigningAlgorithm {
  return registered ?? DEFAULT_ID_TOKEN_SIGNING_ALGORITHM;
}
