import { CurrentPrincipal, type Principal } from '@charter/auth';
import { Controller, Get, Headers } from '@nestjs/common';
import { ContentService, type UserContent } from './content.service.js';

/**
 * The portal's own API. It accepts only tokens issued to this portal for its
 * users (packages/auth: `aud` = the portal's client id), then reads the content
 * API on that user's behalf.
 */
@Controller('api')
export class ContentController {
  constructor(private readonly content: ContentService) {}

  @Get('content')
  async read(
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
  ): Promise<UserContent & { user: string }> {
    // The guard has verified the bearer token; it is the subject token of the exchange.
    const userToken = authorization.replace(/^(?:Bearer|DPoP) +/i, '');
    return { user: principal.subject, ...(await this.content.forUser(userToken)) };
  }
}
