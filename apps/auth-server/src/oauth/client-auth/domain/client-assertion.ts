/**
 * The rules on a client assertion's claims (RFC 7523 §3, OpenID Connect Core §9)
 * that jose does not check for us. Pure; time is passed in.
 */

/** The only algorithms a client may sign its assertion with: asymmetric, never `none` or HS*. */
export const CLIENT_ASSERTION_ALGORITHMS = ['ES256', 'RS256', 'PS256'] as const;

/** An assertion may live at most this long (from now): a longer one is a replayable credential. */
export const MAX_CLIENT_ASSERTION_LIFETIME_SECONDS = 300;

/** Clock difference tolerated between the client and us, in seconds. */
export const CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS = 30;

export interface AssertionClaims {
  readonly jti?: unknown;
  readonly exp?: unknown;
  readonly aud?: unknown;
}

/**
 * draft-ietf-oauth-rfc7523bis (updating RFC 7523 §3 item 3 and RFC 7521 §5.1): the
 * authorization server MUST reject a client assertion that does not carry its issuer
 * identifier as its sole audience value, compared as simple strings (RFC 3986 §6.2.1).
 * The token, revocation or introspection endpoint URL is no longer an audience, and
 * neither is a list naming another server beside us: an assertion made for a server that
 * lists our URL (the January 2025 audience-injection disclosure) must be useless here.
 * The draft asks clients to send a JSON string; a one-element array holding the issuer
 * still has the issuer as its sole value, so it is accepted.
 */
export function isSoleIssuerAudience(aud: unknown, issuer: string): boolean {
  if (typeof aud === 'string') {
    return aud === issuer;
  }
  return Array.isArray(aud) && aud.length === 1 && aud[0] === issuer;
}

export type AssertionCheck =
  | {
      readonly ok: true;
      readonly jti: string;
      /**
       * Until when the `jti` must be refused as a replay: the last moment the assertion is
       * still accepted, its `exp` plus the clock tolerance (RFC 7523 §3 item 7).
       */
      readonly rememberUntil: Date;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * RFC 7523 §3: `exp` is required (jose has checked it is in the future); it must not be
 * further ahead than MAX_CLIENT_ASSERTION_LIFETIME_SECONDS (plus the tolerance), so the
 * replay store keeps each `jti` only briefly. `jti` is required here (RFC 7523 makes it
 * optional; OIDC Core §9 requires it) so a replay can be refused.
 */
export function checkAssertionClaims(
  claims: AssertionClaims,
  now: Date,
  issuer: string,
): AssertionCheck {
  if (!isSoleIssuerAudience(claims.aud, issuer)) {
    return { ok: false, reason: 'the client assertion aud must be the issuer identifier alone' };
  }
  if (typeof claims.jti !== 'string' || claims.jti === '' || claims.jti.length > 256) {
    return { ok: false, reason: 'the client assertion needs a jti' };
  }
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    return { ok: false, reason: 'the client assertion needs an exp' };
  }
  const latest =
    now.getTime() / 1000 +
    MAX_CLIENT_ASSERTION_LIFETIME_SECONDS +
    CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS;
  if (claims.exp > latest) {
    return { ok: false, reason: 'the client assertion expires too far in the future' };
  }
  // Forgetting the jti at exp would let the same assertion through again for the whole
  // tolerance after it: the verifier accepts it until exp + tolerance, so the store keeps it that long.
  return {
    ok: true,
    jti: claims.jti,
    rememberUntil: new Date((claims.exp + CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS) * 1000),
  };
}
