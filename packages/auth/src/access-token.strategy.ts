import { Inject, Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_STATUS_CHECK, type AccessStatusCheck } from './access-status-check.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AUTH_OPTIONS, type AuthOptions, DEFAULT_ALGORITHMS } from './auth.options.js';
import { dpopChallengeError, invalidToken } from './bearer-errors.js';
import { type DpopHttpRequest, DpopRequestVerifier } from './dpop-request.verifier.js';
import { hasRequiredClaims, type Principal, principalFromClaims } from './principal.js';

export const STRATEGY_NAME = 'charter-access-token';

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

/** RFC 9449 §7.1: `Authorization: DPoP <token68>`. */
const DPOP_AUTHORIZATION = /^DPoP +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The token of the request and the scheme it came with (the guard checked the header's shape). */
export function presentedToken(request: {
  readonly headers: Record<string, string | string[] | undefined>;
}): { readonly scheme: 'Bearer' | 'DPoP'; readonly token: string } | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') {
    return undefined;
  }
  const dpop = DPOP_AUTHORIZATION.exec(header);
  if (dpop?.[1] !== undefined) {
    return { scheme: 'DPoP', token: dpop[1] };
  }
  const bearer = fromBearerHeader(request as Parameters<typeof fromBearerHeader>[0]);
  return bearer ? { scheme: 'Bearer', token: bearer } : undefined;
}

/**
 * passport-jwt over the issuer's JWKS: signature, `typ`, `iss`, `aud`, `exp` (RFC 9068 §4),
 * then the RFC 9068 claims and the app's own status check.
 *
 * passport-jwt's own `authenticate` would decode the token's header three times per request
 * (once for the key lookup, twice inside jsonwebtoken) and the payload twice; this strategy
 * keeps its options, extractor and passport's success/fail protocol, and verifies once with
 * AccessTokenVerifier (node:crypto over the cached KeyObject).
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, STRATEGY_NAME) {
  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    private readonly verifier: AccessTokenVerifier,
    private readonly dpop: DpopRequestVerifier,
    @Optional() @Inject(ACCESS_STATUS_CHECK) private readonly statusCheck?: AccessStatusCheck,
  ) {
    super({
      jwtFromRequest: fromBearerHeader,
      // Not called: `authenticate` below gets the key through AccessTokenVerifier.
      secretOrKeyProvider: (
        _request: unknown,
        _rawToken: string,
        done: (error: unknown) => void,
      ) => {
        done(new Error('unused'));
      },
      issuer: options.issuer,
      audience: options.audience,
      algorithms: [...(options.algorithms ?? DEFAULT_ALGORITHMS)],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds ?? 5 },
    });
  }

  /** passport's entry point: fail() hands the reason to the guard's handleRequest, error() a fault. */
  override authenticate(request: DpopHttpRequest): void {
    const presented = presentedToken(request);
    if (!presented) {
      this.fail(new Error('No auth token'), 401);
      return;
    }
    const { scheme, token } = presented;
    this.verifier.verify(token).then(
      (payload) =>
        this.checkBinding(request, scheme, token, payload)
          .then(() => this.validate(payload))
          .then(
            (principal) => this.success(principal),
            (error: unknown) => this.error(error as Error),
          ),
      (reason: unknown) => this.fail(reason, 401),
    );
  }

  /**
   * RFC 9449 §7: a DPoP-bound token (`cnf.jkt`) only with the DPoP scheme and a proof of its
   * key (§7.2: never as a bearer token); the DPoP scheme only with a bound token.
   */
  private async checkBinding(
    request: DpopHttpRequest,
    scheme: 'Bearer' | 'DPoP',
    token: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const cnf = payload.cnf;
    const jkt =
      typeof cnf === 'object' && cnf !== null ? (cnf as { jkt?: unknown }).jkt : undefined;
    if (cnf !== undefined && typeof jkt !== 'string') {
      throw invalidToken('token lacks required claims');
    }
    if (typeof jkt === 'string') {
      if (scheme === 'Bearer') {
        throw dpopChallengeError(
          'invalid_token',
          'the access token is DPoP-bound; send it with Authorization: DPoP and a DPoP proof',
          this.dpop.algorithms,
        );
      }
      await this.dpop.verify(request, token, jkt);
    } else if (scheme === 'DPoP') {
      throw dpopChallengeError(
        'invalid_token',
        'the access token is not DPoP-bound; send it as a Bearer token',
        this.dpop.algorithms,
      );
    } else if (this.dpop.required) {
      throw dpopChallengeError(
        'invalid_token',
        'this API accepts only DPoP-bound access tokens',
        this.dpop.algorithms,
      );
    }
  }

  async validate(payload: unknown): Promise<Principal> {
    if (!hasRequiredClaims(payload)) {
      throw invalidToken('token lacks required claims');
    }
    const principal = principalFromClaims(payload);
    const reason = this.statusCheck ? await this.statusCheck.check(principal) : null;
    if (reason !== null) {
      throw invalidToken(reason);
    }
    return principal;
  }
}
