import { ProblemException } from '@charter/service-kit';

const REALM = 'charter';

function quoted(value: string): string {
  // RFC 6750 §3: the attribute values are quoted-strings; keep them to safe characters.
  return value.replace(/["\\]/g, '');
}

/**
 * RFC 6750 §3.1 / RFC 9449 §7.1: no credentials at all — a challenge without an error code,
 * for each scheme accepted (a DPoP-bound token goes with the DPoP scheme).
 */
export function missingToken(dpopAlgorithms: readonly string[]): ProblemException {
  return new ProblemException({
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail: 'This request needs a Bearer or DPoP access token.',
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", DPoP algs="${dpopAlgorithms.join(' ')}"`,
    },
  });
}

/** The RFC 9449 §7.1 error codes a resource server answers with the DPoP scheme. */
export type DpopChallengeCode = 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce';

/**
 * RFC 9449 §7.1: a 401 with `WWW-Authenticate: DPoP algs="…", error="…"`: the token is no good
 * (`invalid_token`), the proof is not (`invalid_dpop_proof`), or it lacks the nonce.
 */
export function dpopChallengeError(
  code: DpopChallengeCode,
  description: string,
  algorithms: readonly string[],
  headers: Record<string, string> = {},
): ProblemException {
  return new ProblemException({
    status: 401,
    code,
    title: code === 'invalid_token' ? 'Invalid access token' : 'Invalid DPoP proof',
    detail: description,
    headers: {
      'www-authenticate': `DPoP realm="${REALM}", algs="${algorithms.join(' ')}", error="${code}", error_description="${quoted(description)}"`,
      ...headers,
    },
  });
}

/** RFC 9449 §9: the proof lacks this API's current nonce, sent in `DPoP-Nonce`. */
export function dpopNonceError(
  description: string,
  nonce: string,
  algorithms: readonly string[],
): ProblemException {
  return dpopChallengeError('use_dpop_nonce', description, algorithms, { 'dpop-nonce': nonce });
}

/** RFC 6750 §3.1 invalid_request: the Authorization header is malformed. */
export function malformedAuthorization(): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'invalid_request',
    title: 'Invalid request',
    detail: 'The Authorization header is not a well-formed Bearer token.',
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="invalid_request", error_description="malformed Authorization header"`,
    },
  });
}

/** RFC 6750 §3.1 invalid_token: expired, revoked, malformed or not for this API. */
export function invalidToken(description: string): ProblemException {
  return new ProblemException({
    status: 401,
    code: 'invalid_token',
    title: 'Invalid access token',
    detail: description,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${quoted(description)}"`,
    },
  });
}

/** RFC 6750 §3.1 insufficient_scope, naming the scopes the route needs. */
export function insufficientScope(required: readonly string[]): ProblemException {
  const scope = required.join(' ');
  return new ProblemException({
    status: 403,
    code: 'insufficient_scope',
    title: 'Insufficient scope',
    detail: `This request needs the scope: ${scope}`,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${quoted(scope)}"`,
    },
  });
}

/**
 * RFC 9470 §3: the token's user authentication does not meet the requirement (here: a second
 * factor); `acr_values` names the context class the client should ask for at the authorization
 * endpoint (OIDC Core §3.1.2.1).
 */
export function insufficientUserAuthentication(
  description: string,
  acrValues: readonly string[],
): ProblemException {
  const acr = acrValues.join(' ');
  return new ProblemException({
    status: 401,
    code: 'insufficient_user_authentication',
    title: 'Insufficient user authentication',
    detail: description,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="insufficient_user_authentication", error_description="${quoted(description)}", acr_values="${quoted(acr)}"`,
    },
  });
}
