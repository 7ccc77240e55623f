import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { pageHttp } from '../authorize/authorize.controller.js';
import { PageErrorFilter } from '../authorize/page-error.filter.js';
import { type PageReply, type PageRequest, sendPage } from '../authorize/page-response.js';
import { LogoutService } from './logout.service.js';

/** OpenID Connect RP-Initiated Logout 1.0 end_session_endpoint. */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(PageErrorFilter)
export class LogoutController {
  constructor(
    private readonly service: LogoutService,
    private readonly config: AuthServerConfig,
  ) {}

  @Get('logout')
  async get(@Req() request: PageRequest & { url: string }, @Res() reply: PageReply): Promise<void> {
    sendPage(
      reply,
      await this.service.logout(pageHttp('GET', request)),
      this.config.AUTH_ISSUER.startsWith('https:'),
    );
  }

  @Post('logout')
  async post(
    @Req() request: PageRequest & { url: string },
    @Res() reply: PageReply,
  ): Promise<void> {
    sendPage(
      reply,
      await this.service.logout(pageHttp('POST', request)),
      this.config.AUTH_ISSUER.startsWith('https:'),
    );
  }
}
