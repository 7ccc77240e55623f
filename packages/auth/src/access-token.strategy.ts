import { Inject, Injectable, Optional } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { ACCESS_STATUS_CHECK, type AccessStatusCheck } from './access-status-check.js';
import { AUTH_OPTIONS, type AuthOptions, DEFAULT_ALGORITHMS } from './auth.options.js';
import { invalidToken } from './bearer-errors.js';
import { JwksKeyProvider } from './jwks-key-provider.js';
import { hasRequiredClaims, type Principal, principalFromClaims } from './principal.js';

export const STRATEGY_NAME = 'charter-access-token';

/**
 * passport-jwt over the issuer's JWKS: signature, `iss`, `aud`, `exp` (RFC 9068 §4),
 * then the RFC 9068 claims and the app's own status check.
 */
@Injectable()
export class AccessTokenStrategy extends PassportStrategy(Strategy, STRATEGY_NAME) {
  constructor(
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    keys: JwksKeyProvider,
    @Optional() @Inject(ACCESS_STATUS_CHECK) private readonly statusCheck?: AccessStatusCheck,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types say string | Buffer; jsonwebtoken (v9) verifies with a KeyObject as well.
      secretOrKeyProvider: (_request: unknown, rawToken: string, done: (error: unknown, key?: string) => void) => {
        keys.keyFor(rawToken).then(
          (key) => done(null, key as unknown as string),
          (error: unknown) => done(error),
        );
      },
      issuer: options.issuer,
      audience: options.audience,
      algorithms: [...(options.algorithms ?? DEFAULT_ALGORITHMS)],
      ignoreExpiration: false,
      jsonWebTokenOptions: { clockTolerance: options.clockToleranceSeconds ?? 5 },
    });
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
