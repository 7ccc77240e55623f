/**
 * What makes a verified JWT of ours an ID token fit to be an `id_token_hint`
 * (OpenID Connect RP-Initiated Logout 1.0 §2: "ID Token previously issued by the OP").
 * Pure: the signature has been checked by the caller; expiry does not matter for a hint.
 */

/** RFC 9068 §2.1: the `typ` of an access token (with or without the media-type prefix). */
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);

export interface HintHeader {
  readonly typ?: unknown;
}

/**
 * The client (`aud`) the ID token was issued to, or undefined when the token is not one of
 * our ID tokens. An access token is refused even when its `aud` happens to be a client id
 * (a login without `resource` gets one): it is typed `at+jwt` (RFC 9068 §2.1) and carries
 * `client_id` and `scope` (RFC 9068 §2.2), which an ID token never does. Ours are typed
 * `JWT` (RFC 7519 §5.1) and name one audience, the client (OIDC Core §2).
 */
export function idTokenHintAudience(
  header: HintHeader,
  claims: Readonly<Record<string, unknown>>,
  issuer: string,
): string | undefined {
  if (typeof header.typ === 'string' && ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase())) {
    return undefined;
  }
  if (header.typ !== 'JWT') {
    return undefined;
  }
  if ('client_id' in claims || 'scope' in claims) {
    return undefined;
  }
  if (claims.iss !== issuer || typeof claims.sub !== 'string' || claims.sub === '') {
    return undefined;
  }
  const aud = claims.aud;
  return typeof aud === 'string' && aud !== '' ? aud : undefined;
}
