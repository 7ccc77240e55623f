import { Body, Controller, Header, Headers, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { OAuthErrorFilter } from '../oauth-error.filter.js';
import { RevocationEndpoint } from './revocation-endpoint.service.js';

/** RFC 7009 §2 revocation endpoint. Errors leave through OAuthErrorFilter (RFC 6749 §5.2, no-store). */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(OAuthErrorFilter)
export class RevokeController {
  constructor(private readonly endpoint: RevocationEndpoint) {}

  /** RFC 7009 §2.2: 200 with an empty body, whether or not anything was revoked. */
  @Post('revoke')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  revoke(
    @Headers('content-type') contentType: string | undefined,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
    @Req() request: { id: unknown },
  ): Promise<void> {
    return this.endpoint.revoke({ contentType, authorization, body }, String(request.id));
  }
}
