import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { AccountStateUnavailable } from '../../projection/account-state.errors.js';
import { type PageReply, sendPage } from './page-response.js';
import { errorPage } from './pages.js';

/**
 * Anything thrown on a page route becomes our own HTML error page: never a redirect
 * (the redirect URI may not be proven), never a stack trace; the cause is logged.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageErrorFilter');

  constructor(private readonly config: AuthServerConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<PageReply>();
    const request = http.getRequest<{ id?: unknown }>();
    const secure = this.config.AUTH_ISSUER.startsWith('https:');
    if (error instanceof HttpException && error.getStatus() < 500) {
      sendPage(
        reply,
        {
          kind: 'page',
          status: error.getStatus(),
          html: errorPage('Invalid request', 'The request could not be handled.'),
        },
        secure,
      );
      return;
    }
    if (error instanceof AccountStateUnavailable) {
      // Fail closed, as the token endpoint does: no login decided from a state that may be stale.
      reply.header('Retry-After', '1');
      sendPage(
        reply,
        {
          kind: 'page',
          status: 503,
          html: errorPage(
            'Temporarily unavailable',
            'The sign-in service cannot confirm your account right now. Try again in a moment.',
          ),
        },
        secure,
      );
      return;
    }
    this.logger.error(
      { err: error, requestId: String(request.id) },
      'unhandled error on a page route',
    );
    sendPage(
      reply,
      {
        kind: 'page',
        status: 500,
        html: errorPage(
          'Something went wrong',
          'The sign-in service could not handle the request. Try again later.',
        ),
      },
      secure,
    );
  }
}
