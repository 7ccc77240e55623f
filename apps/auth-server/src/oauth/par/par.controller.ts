import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { OAuthErrorFilter } from '../oauth-error.filter.js';
import { ParEndpoint, type PushedAuthorizationResponse } from './par-endpoint.service.js';

/** RFC 9126 §2 pushed authorization request endpoint. Errors: RFC 6749 §5.2, no-store. */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class ParController {
  constructor(private readonly endpoint: ParEndpoint) {}

  @Post('par')
  // RFC 9126 §2.2: 201 Created.
  @HttpCode(201)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  push(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Headers('dpop') dpop: string | undefined,
    @Body() body: unknown,
  ): Promise<PushedAuthorizationResponse> {
    return this.endpoint.push({ contentType, authorization, body, dpop });
  }
}
