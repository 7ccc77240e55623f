/**
 * RFC 7009 rules for one revocation request. Pure; time is passed in.
 */

export interface PresentedToken {
  /** The client the token was issued to (`client_id`). */
  readonly clientId: string;
  /** `exp`, in seconds since the epoch. */
  readonly expiresAt: number;
}

export type RevocationDecision = 'revoke' | 'ignore';

/**
 * Whether to record a revocation. A token that is not ours (not verified: null),
 * already expired, or issued to another client is left alone, and the caller still
 * gets 200: RFC 7009 §2.2 answers 200 for an invalid token, and §2.1 lets a client
 * revoke only its own tokens without telling it anything about the others'.
 */
export function revocationDecision(
  token: PresentedToken | null,
  callerClientId: string,
  now: Date,
): RevocationDecision {
  if (token === null || token.clientId !== callerClientId) {
    return 'ignore';
  }
  // Nothing to take away from an expired token; no row, no event.
  if (token.expiresAt * 1000 <= now.getTime()) {
    return 'ignore';
  }
  return 'revoke';
}
