import { Inject, Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_STATUS_CHECK, type AccessStatusCheck } from './access-status-check.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AUTH_OPTIONS, type AuthOptions, DEFAULT_ALGORITHMS } from './auth.options.js';
import { invalidToken } from './bearer-errors.js';
import { hasRequiredClaims, type Principal, principalFromClaims } from './principal.js';

export const STRATEGY_NAME = 'charter-access-token';

const fromBearerHeader = ExtractJwt.fromAuthHeaderAsBearerToken();

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
  override authenticate(request: Parameters<typeof fromBearerHeader>[0]): void {
    const token = fromBearerHeader(request);
    if (!token) {
      this.fail(new Error('No auth token'), 401);
      return;
    }
    this.verifier.verify(token).then(
      (payload) =>
        this.validate(payload).then(
          (principal) => this.success(principal),
          (error: unknown) => this.error(error as Error),
        ),
      (reason: unknown) => this.fail(reason, 401),
    );
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
