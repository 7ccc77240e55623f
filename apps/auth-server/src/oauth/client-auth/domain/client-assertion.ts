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
export function checkAssertionClaims(claims: AssertionClaims, now: Date): AssertionCheck {
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
