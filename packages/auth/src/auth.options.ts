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
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
export const DEFAULT_ALGORITHMS = ['ES256', 'RS256'] as const;
