import { Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { AuthorizeService } from './authorize.service.js';
import { PageErrorFilter } from './page-error.filter.js';
import { type PageReply, type PageRequest, sendPage } from './page-response.js';

/** RFC 6749 §3.1 authorization endpoint: GET, and POST (OIDC Core §3.1.2.1) for the login and consent forms. */
@ApiExcludeController()
@Public()
@Controller()
@UseFilters(PageErrorFilter)
export class AuthorizeController {
  constructor(
    private readonly service: AuthorizeService,
    private readonly config: AuthServerConfig,
  ) {}

  @Get('authorize')
  async get(@Req() request: PageRequest & { url: string }, @Res() reply: PageReply): Promise<void> {
    sendPage(
      reply,
      await this.service.authorize(pageHttp('GET', request)),
      this.secure(),
      this.config.brand().logoUrl,
    );
  }

  @Post('authorize')
  async post(
    @Req() request: PageRequest & { url: string },
    @Res() reply: PageReply,
  ): Promise<void> {
    sendPage(
      reply,
      await this.service.authorize(pageHttp('POST', request)),
      this.secure(),
      this.config.brand().logoUrl,
    );
  }

  private secure(): boolean {
    return this.config.AUTH_ISSUER.startsWith('https:');
  }
}

export function pageHttp(method: 'GET' | 'POST', request: PageRequest & { url: string }) {
  const question = request.url.indexOf('?');
  const header = (name: string): string | undefined => {
    const value = request.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const contentType = request.headers['content-type'];
  return {
    method,
    query: question === -1 ? '' : request.url.slice(question + 1),
    body: request.body,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    cookies: request.cookies ?? {},
    ip: request.ip,
    // Where the browser says a form post comes from (FormProtection's second line).
    origin: header('origin'),
    secFetchSite: header('sec-fetch-site'),
    acceptLanguage: header('accept-language'),
  } as const;
}
