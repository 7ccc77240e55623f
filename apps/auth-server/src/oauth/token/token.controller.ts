import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { OAuthErrorFilter } from '../oauth-error.filter.js';
import type { TokenResponse } from './grant-handler.js';
import { TokenEndpoint } from './token-endpoint.service.js';

/** RFC 6749 §3.2 token endpoint. Errors leave through OAuthErrorFilter, also with no-store. */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(private readonly endpoint: TokenEndpoint) {}

  @Post('token')
  @HttpCode(200)
  // RFC 6749 §5.1: responses with tokens MUST NOT be cached.
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<TokenResponse> {
    return this.endpoint.exchange({ contentType, authorization, body });
  }
}
