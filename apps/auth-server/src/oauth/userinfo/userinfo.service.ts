import { Injectable } from '@nestjs/common';
import { DPOP_SIGNING_ALGORITHMS } from '@charter/auth/dpop';
import { DpopProofChecker } from '../dpop/dpop-proof.checker.js';
import { OAuthError, UseDpopNonce } from '../oauth.errors.js';
import { UsersRepository } from '../../projection/users.repository.js';
import { RevokedTokensRepository } from '../revoke/revoked-tokens.repository.js';
import { AccessTokenVerifier } from '../token/access-token.verifier.js';
import { userCanHaveTokens } from '../token/user-grant-support.js';

export interface UserInfoHttpRequest {
  readonly method: 'GET' | 'POST';
  readonly authorization: string | undefined;
  /** The DPoP proof header (RFC 9449 §7), for `Authorization: DPoP`. */
  readonly dpop?: string | undefined;
  readonly contentType: string | undefined;
  readonly body: unknown;
}

/** What /userinfo answers: the claims, or an RFC 6750 §3 error with its challenge. */
export interface UserInfoResponse {
  readonly status: number;
  readonly challenge?: string;
  /** RFC 9449 §8: the nonce to use, with `use_dpop_nonce`. */
  readonly dpopNonce?: string;
  readonly body: Record<string, unknown>;
}

const bearerError = (
  status: number,
  error: 'invalid_request' | 'invalid_token' | 'insufficient_scope',
  description: string,
): UserInfoResponse => ({
  status,
  // RFC 6750 §3: the challenge names the error; the body repeats it for clients that read JSON.
  challenge: `Bearer error="${error}", error_description="${description}"${error === 'insufficient_scope' ? ', scope="openid"' : ''}`,
  body: { error, error_description: description },
});

/**
 * OpenID Connect Core §5.3 UserInfo endpoint: a bearer access token (RFC 6750 §2.1
 * header, or §2.2 form body on POST) with scope `openid`, not revoked, whose user
 * may still sign in; `email` and `profile` release their claims (§5.4).
 */
@Injectable()
export class UserInfoService {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedTokensRepository,
    private readonly users: UsersRepository,
    private readonly dpop: DpopProofChecker,
  ) {}

  async userInfo(http: UserInfoHttpRequest): Promise<UserInfoResponse> {
    const dpopToken = dpopScheme(http.authorization);
    if (dpopToken !== undefined) {
      return this.withDpop(http, dpopToken);
    }
    const fromHeader = bearer(http.authorization);
    const fromBody = formToken(http.contentType, http.body);
    if (fromHeader === null) {
      return bearerError(400, 'invalid_request', 'the Authorization header is not a Bearer token');
    }
    if (fromHeader !== undefined && fromBody !== undefined) {
      // RFC 6750 §2: one method per request.
      return bearerError(400, 'invalid_request', 'send the token one way only');
    }
    const token = fromHeader ?? fromBody;
    if (token === undefined) {
      // RFC 6750 §3.1: no credentials at all: the challenge without an error code.
      return { status: 401, challenge: 'Bearer', body: {} };
    }
    const verified = await this.verifier.verify(token);
    if (verified === null || (await this.revocations.isRevoked(verified.jti))) {
      return bearerError(401, 'invalid_token', 'the access token is invalid, expired or revoked');
    }
    // RFC 9449 §7.2: a DPoP-bound token presented as a bearer token is refused.
    if (verified.dpopJkt !== undefined) {
      return dpopError('invalid_token', 'the access token is DPoP-bound; present it with DPoP');
    }
    return this.claims(verified);
  }

  /** RFC 9449 §7.1: `Authorization: DPoP <token>` with a proof of the token's key. */
  private async withDpop(http: UserInfoHttpRequest, token: string): Promise<UserInfoResponse> {
    const verified = await this.verifier.verify(token);
    if (verified === null || (await this.revocations.isRevoked(verified.jti))) {
      return dpopError('invalid_token', 'the access token is invalid, expired or revoked');
    }
    if (verified.dpopJkt === undefined) {
      return dpopError('invalid_token', 'the access token is not DPoP-bound');
    }
    if (http.dpop === undefined) {
      return dpopError('invalid_dpop_proof', 'a DPoP proof is required');
    }
    let jkt: string | undefined;
    try {
      jkt = await this.dpop.check(
        http.dpop,
        { method: http.method, path: '/userinfo' },
        undefined,
        token,
      );
    } catch (error) {
      if (error instanceof UseDpopNonce) {
        return { ...dpopError('use_dpop_nonce', error.message), dpopNonce: error.nonce };
      }
      if (error instanceof OAuthError) {
        return dpopError(
          error.code === 'use_dpop_nonce' ? 'use_dpop_nonce' : 'invalid_dpop_proof',
          error.message,
        );
      }
      throw error;
    }
    if (jkt !== verified.dpopJkt) {
      return dpopError('invalid_dpop_proof', 'the DPoP proof is of another key than the token');
    }
    return this.claims(verified);
  }

  private async claims(
    verified: NonNullable<Awaited<ReturnType<AccessTokenVerifier['verify']>>>,
  ): Promise<UserInfoResponse> {
    const scopes = verified.scope.split(' ');
    if (!scopes.includes('openid')) {
      return bearerError(403, 'insufficient_scope', 'the access token lacks the openid scope');
    }
    const user = await this.users.findById(verified.subject);
    if (!userCanHaveTokens(user, new Date(verified.issuedAt * 1000))) {
      return bearerError(401, 'invalid_token', 'the access token is invalid, expired or revoked');
    }
    return {
      status: 200,
      body: {
        sub: user.id,
        ...(scopes.includes('email')
          ? { email: user.email, email_verified: user.emailVerified }
          : {}),
        ...(scopes.includes('profile') ? { name: user.name } : {}),
      },
    };
  }
}

/** RFC 9449 §7.1 challenge: `DPoP algs="…"` with the error. */
function dpopError(
  error: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce',
  description: string,
): UserInfoResponse {
  return {
    status: 401,
    challenge: `DPoP algs="${DPOP_SIGNING_ALGORITHMS.join(' ')}", error="${error}", error_description="${description}"`,
    body: { error, error_description: description },
  };
}

/** The token of an `Authorization: DPoP <token>` header (RFC 9449 §7.1), else undefined. */
function dpopScheme(header: string | undefined): string | undefined {
  const match = /^DPoP +([A-Za-z0-9\-._~+/]+=*)$/i.exec((header ?? '').trim());
  return match ? match[1] : undefined;
}

/** undefined: no header; null: a header that is not a usable Bearer token. */
function bearer(header: string | undefined): string | undefined | null {
  if (header === undefined || header === '') {
    return undefined;
  }
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header.trim());
  return match ? match[1] : null;
}

/** RFC 6750 §2.2: access_token in a form body. */
function formToken(contentType: string | undefined, body: unknown): string | undefined {
  if (
    typeof body !== 'string' ||
    (contentType ?? '').split(';')[0]?.trim().toLowerCase() !== 'application/x-www-form-urlencoded'
  ) {
    return undefined;
  }
  return new URLSearchParams(body).get('access_token') ?? undefined;
}
