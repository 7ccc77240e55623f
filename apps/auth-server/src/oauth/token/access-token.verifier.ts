import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { errors, jwtVerify } from 'jose';
import { AuthServerConfig, SIGNING_ALGORITHMS } from '../../config/auth-server.config.js';
import { SigningKeys } from '../../keys/signing-keys.service.js';

/** The claims of one of our access tokens (RFC 9068 §2.2 plus the contract claims). */
export interface VerifiedAccessToken {
  readonly jti: string;
  readonly subject: string;
  readonly clientId: string;
  readonly audience: string;
  readonly scope: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** `auth_time` (seconds): when the user logged in, on tokens issued from a login. */
  readonly authTime?: number;
  readonly enterpriseId?: string;
  readonly contractId?: string;
  /** RFC 9449 §6.1 `cnf.jkt`: the DPoP key the token is bound to. */
  readonly dpopJkt?: string;
}

/** Longer than any token we sign; anything bigger is not ours and is not parsed. */
const MAX_TOKEN_LENGTH = 8_192;

/**
 * Checks a token the way a resource server would (RFC 9068 §4), but with the
 * server's own keys: signature by a key we still publish, `typ: at+jwt`, our
 * `iss`, not expired, and the claims we always put in. Null for anything else,
 * so the endpoints (RFC 7009 §2.2, RFC 7662 §2.2) never say why a token is not good.
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  async verify(token: string): Promise<VerifiedAccessToken | null> {
    if (token.length > MAX_TOKEN_LENGTH) {
      return null;
    }
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = await this.keys.verificationKey(header.kid, header.alg);
          if (!key) {
            throw new errors.JWKSNoMatchingKey();
          }
          return key;
        },
        {
          issuer: this.config.AUTH_ISSUER,
          typ: 'at+jwt',
          algorithms: [...SIGNING_ALGORITHMS],
          requiredClaims: ['jti', 'sub', 'aud', 'exp', 'iat'],
          currentDate: this.clock.now(),
        },
      );
      return claimsOf(payload);
    } catch (error) {
      if (error instanceof errors.JOSEError) {
        return null;
      }
      throw error;
    }
  }
}

function claimsOf(payload: Record<string, unknown>): VerifiedAccessToken | null {
  const text = (name: string): string | undefined =>
    typeof payload[name] === 'string' ? payload[name] : undefined;
  const {
    jti,
    sub,
    client_id: clientId,
    aud,
    scope,
  } = {
    jti: text('jti'),
    sub: text('sub'),
    client_id: text('client_id'),
    aud: text('aud'),
    scope: text('scope'),
  };
  const { iat, exp } = payload;
  if (
    jti === undefined ||
    sub === undefined ||
    clientId === undefined ||
    aud === undefined ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  ) {
    return null;
  }
  const enterpriseId = text('enterprise_id');
  const contractId = text('contract_id');
  const authTime = typeof payload.auth_time === 'number' ? payload.auth_time : undefined;
  const cnf = payload.cnf;
  const jkt =
    typeof cnf === 'object' && cnf !== null && typeof (cnf as { jkt?: unknown }).jkt === 'string'
      ? (cnf as { jkt: string }).jkt
      : undefined;
  return {
    jti,
    subject: sub,
    clientId,
    audience: aud,
    scope: scope ?? '',
    issuedAt: iat,
    expiresAt: exp,
    ...(authTime === undefined ? {} : { authTime }),
    ...(enterpriseId === undefined ? {} : { enterpriseId }),
    ...(contractId === undefined ? {} : { contractId }),
    ...(jkt === undefined ? {} : { dpopJkt: jkt }),
  };
}
