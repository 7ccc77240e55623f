/** What a resource server accepts: tokens of this issuer, for this audience, signed with these algorithms. */
export interface AuthOptions {
  readonly issuer: string;
  /** This API's resource indicator (RFC 8707); tokens must carry it in `aud`. */
  readonly audience: string;
  readonly jwksUri: string;
  /** Asymmetric algorithms only; never `none` or HMAC. */
  readonly algorithms?: ReadonlyArray<'ES256' | 'RS256'>;
  /** Seconds of clock skew tolerated on `exp`/`nbf`/`iat`. */
  readonly clockToleranceSeconds?: number;
  /** DPoP (RFC 9449) proofs with `Authorization: DPoP`; always accepted, tuned here. */
  readonly dpop?: DpopOptions;
}

export interface DpopOptions {
  /**
   * The URL clients call this API at (scheme, host, port, any path prefix), for the proof's
   * `htu`; unset: the request's own scheme and Host header.
   */
  readonly publicUrl?: string;
  /** How old a proof may be, by `iat`, in seconds (default 60). */
  readonly maxAgeSeconds?: number;
  /** Set: proofs need this API's nonce (RFC 9449 §9); the secret every instance shares. */
  readonly nonceSecret?: string;
  /** Narrower than the default allow-list, if a profile asks. */
  readonly algorithms?: readonly string[];
  /**
   * Accept only DPoP-bound tokens (FAPI 2.0 §5.3.4: sender-constrained only): an unbound
   * bearer token is refused with the DPoP challenge. Default false.
   */
  readonly required?: boolean;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const DEFAULT_ALGORITHMS = ['ES256', 'RS256'] as const;
