import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { OAuthError, ServerError } from './oauth.errors.js';
import { type ReplyLike, sendOAuthError } from './oauth-error.response.js';

/**
 * Every failure on an OAuth endpoint leaves as an RFC 6749 §5.2 error. Anything
 * that is not an OAuthError is ours: `server_error` with a generic description,
 * the cause only in the log with the request id.
 */
@Catch()
export class OAuthErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('OAuthErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<ReplyLike>();
    if (error instanceof OAuthError) {
      sendOAuthError(reply, error.code, error.message);
      return;
    }
    const request = http.getRequest<{ id?: unknown }>();
    this.logger.error(
      { err: error, requestId: String(request.id) },
      'unhandled error on an OAuth endpoint',
    );
    const serverError = new ServerError();
    sendOAuthError(reply, serverError.code, serverError.message);
  }
}
