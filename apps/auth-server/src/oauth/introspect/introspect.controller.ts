import { Body, Controller, Header, Headers, HttpCode, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { OAuthErrorFilter } from '../oauth-error.filter.js';
import type { IntrospectionAnswer } from './domain/introspection.js';
import { IntrospectionEndpoint } from './introspection-endpoint.service.js';

/** RFC 7662 §2 introspection endpoint. Errors leave through OAuthErrorFilter (RFC 6749 §5.2, no-store). */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class IntrospectController {
  constructor(private readonly endpoint: IntrospectionEndpoint) {}

  @Post('introspect')
  @HttpCode(200)
  // The answer describes a live credential: never cached (RFC 7662 §4).
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  introspect(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<IntrospectionAnswer> {
    return this.endpoint.introspect({ contentType, authorization, body });
  }
}
