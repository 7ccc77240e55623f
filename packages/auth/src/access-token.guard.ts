import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC_KEY, ProblemException } from '@charter/service-kit';
import { presentedToken, STRATEGY_NAME } from './access-token.strategy.js';
import {
  dpopChallengeError,
  invalidToken,
  malformedAuthorization,
  missingToken,
} from './bearer-errors.js';
import { DpopRequestVerifier } from './dpop-request.verifier.js';
import { TokenRejected } from './jwks-key-provider.js';
import type { Principal } from './principal.js';

/** RFC 6750 §2.1 / RFC 9449 §7.1: `Bearer` or `DPoP`, then a token68. */
const AUTHORIZATION = /^(?:Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*)$/i;

/** The global guard: every route needs a valid access token unless it is @Public(). */
@Injectable()
export class AccessTokenGuard extends AuthGuard(STRATEGY_NAME) {
  constructor(
    private readonly reflector: Reflector,
    private readonly dpop: DpopRequestVerifier,
  ) {
    super();
  }

  override canActivate(context: ExecutionContext): Promise<boolean> | boolean {
    if (
      this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    const request = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers.authorization;
    if (
      header === undefined ||
      (typeof header === 'string' && !/^(?:bearer|dpop)\b/i.test(header))
    ) {
      throw missingToken(this.dpop.algorithms);
    }
    if (typeof header !== 'string' || !AUTHORIZATION.test(header)) {
      throw malformedAuthorization();
    }
    return super.canActivate(context) as Promise<boolean>;
  }

  override handleRequest<T = Principal>(
    error: unknown,
    principal: T | false,
    info: unknown,
    context: ExecutionContext,
  ): T {
    // RFC 9449 §7.1: a token sent with the DPoP scheme is refused with a DPoP challenge.
    const scheme = presentedToken(
      context
        .switchToHttp()
        .getRequest<{ headers: Record<string, string | string[] | undefined> }>(),
    )?.scheme;
    const challenge = (problem: ProblemException): ProblemException =>
      scheme === 'DPoP' &&
      problem.problem.code === 'invalid_token' &&
      problem.problem.headers?.['www-authenticate']?.startsWith('Bearer') === true
        ? dpopChallengeError('invalid_token', problem.message, this.dpop.algorithms)
        : problem;
    // passport-jwt reports a key-lookup failure as `info`; a problem there is already mapped.
    for (const reason of [error, info]) {
      if (reason instanceof ProblemException) {
        throw challenge(reason);
      }
    }
    if (error instanceof Error && !(error instanceof TokenRejected)) {
      throw error;
    }
    if (!principal) {
      throw challenge(invalidToken(describe(error ?? info)));
    }
    return principal;
  }
}

/** A safe description of why passport-jwt refused the token (never the token itself). */
function describe(reason: unknown): string {
  if (reason instanceof TokenRejected) {
    return reason.message;
  }
  const name = (reason as { name?: string } | undefined)?.name;
  const message = String((reason as { message?: string } | undefined)?.message ?? '');
  if (name === 'TokenExpiredError') {
    return 'token expired';
  }
  if (name === 'NotBeforeError') {
    return 'token not yet valid';
  }
  if (message.startsWith('jwt audience invalid')) {
    return 'token is not for this audience';
  }
  if (message.startsWith('jwt issuer invalid')) {
    return 'token is from another issuer';
  }
  if (message === 'invalid signature') {
    return 'invalid signature';
  }
  return 'token is not valid';
}
