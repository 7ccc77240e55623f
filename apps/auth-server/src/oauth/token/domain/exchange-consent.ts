/**
 * The consent rule of token exchange (RFC 8693): the issued token acts for the user, so it
 * carries only what the user agreed this client may do at that audience. `consented` is what
 * the stored consent of this user for this client holds for the audience; `available` is
 * what the contract or platform access allows there now (already narrowed to `requested`).
 * Pure; the caller reads the consent and the contracts.
 */
export type ExchangeConsentDecision =
  | { readonly granted: true; readonly scopes: readonly string[] }
  | {
      readonly granted: false;
      readonly error: 'invalid_target' | 'invalid_scope';
      readonly description: string;
    };

export function scopesWithinConsent(
  consented: readonly string[],
  requested: readonly string[] | undefined,
  available: readonly string[],
): ExchangeConsentDecision {
  // RFC 8693 §2.2.2 / RFC 8707 §2: an audience the user never let this client reach is invalid_target.
  if (consented.length === 0) {
    return {
      granted: false,
      error: 'invalid_target',
      description: 'the user has not consented to this client acting for them at this resource',
    };
  }
  // RFC 8693 §2.2.2 / RFC 6749 §5.2: a scope asked beyond the consent is invalid_scope, not narrowed.
  if (requested !== undefined && !requested.every((scope) => consented.includes(scope))) {
    return {
      granted: false,
      error: 'invalid_scope',
      description: 'the scope exceeds what the user consented to for this client',
    };
  }
  // None asked: everything available that the user consented to.
  const scopes = available.filter((scope) => consented.includes(scope));
  if (scopes.length === 0) {
    return {
      granted: false,
      error: 'invalid_scope',
      description: 'no scope the user consented to can be granted for this resource',
    };
  }
  return { granted: true, scopes };
}
