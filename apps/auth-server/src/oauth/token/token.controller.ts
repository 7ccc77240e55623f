import { Body, Controller, Header, Headers, HttpCode, Post, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { DpopProofChecker } from '../dpop/dpop-proof.checker.js';
import { OAuthErrorFilter } from '../oauth-error.filter.js';
import type { TokenResponse } from './grant-handler.js';
import { TokenEndpoint } from './token-endpoint.service.js';

/** RFC 6749 §3.2 token endpoint. Errors leave through OAuthErrorFilter, also with no-store. */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(
    private readonly endpoint: TokenEndpoint,
    private readonly dpop: DpopProofChecker,
  ) {}

  @Post('token')
  @HttpCode(200)
  // RFC 6749 §5.1: responses with tokens MUST NOT be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Headers('dpop') dpop: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<TokenResponse> {
    // RFC 9449 §8.2: with nonces on, every answer carries the nonce to use next.
    const nonce = this.dpop.currentNonce();
    if (nonce !== undefined) {
      reply.header('DPoP-Nonce', nonce);
    }
    return this.endpoint.exchange({ contentType, authorization, body, dpop });
  }
}
