import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { isDependencyUnavailable } from '@charter/service-kit';
import { AccountStateUnavailable } from '../projection/account-state.errors.js';
import { OAuthError, ServerError, TemporarilyUnavailable, UseDpopNonce } from './oauth.errors.js';
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
      if (error instanceof UseDpopNonce) {
        // RFC 9449 §8.1: the nonce to use comes with the error.
        reply.headers({ 'dpop-nonce': error.nonce });
      }
      sendOAuthError(reply, error.code, error.message);
      return;
    }
    if (error instanceof AccountStateUnavailable) {
      // Fail closed: no decision from a state that may miss a suspension or a revoked secret
      // (already logged once by AccountStateSync, not per request).
      const unavailable = new TemporarilyUnavailable();
      reply.headers({ 'retry-after': '1' });
      sendOAuthError(reply, unavailable.code, unavailable.message);
      return;
    }
    const request = http.getRequest<{ id?: unknown }>();
    if (isDependencyUnavailable(error)) {
      this.logger.warn(
        { err: error, requestId: String(request.id) },
        'a dependency is unavailable',
      );
      const unavailable = new TemporarilyUnavailable();
      reply.headers({ 'retry-after': '2' });
      sendOAuthError(reply, unavailable.code, unavailable.message);
      return;
    }
    this.logger.error(
      { err: error, requestId: String(request.id) },
      'unhandled error on an OAuth endpoint',
    );
    const serverError = new ServerError();
    sendOAuthError(reply, serverError.code, serverError.message);
  }
}
