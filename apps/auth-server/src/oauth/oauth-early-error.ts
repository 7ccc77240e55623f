import type { HttpAppOptions, Problem } from '@charter/service-kit';
import { type ReplyLike, sendOAuthError } from './oauth-error.response.js';

/** Endpoints that take a form body and answer in RFC 6749 format, also for errors raised before the route runs. */
export const OAUTH_FORM_ENDPOINTS: ReadonlySet<string> = new Set([
  '/token',
  '/revoke',
  '/introspect',
]);

const isOAuthFormEndpoint = (url: string): boolean =>
  OAUTH_FORM_ENDPOINTS.has(url.split('?')[0] ?? '');

/**
 * Fastify refuses some bodies before the route runs (unparseable JSON, unknown
 * content types, bodies over the limit). On OAuth endpoints those answer as
 * RFC 6749 §5.2 errors too: `invalid_request` (413 kept for an oversized body, so
 * the client and any proxy see what happened), `server_error` for our own faults.
 */
function sendEarlyOAuthError(reply: ReplyLike, problem: Problem): void {
  if (problem.status >= 500) {
    sendOAuthError(reply, 'server_error', 'the authorization server could not handle the request');
  } else if (problem.status === 413) {
    sendOAuthError(reply, 'invalid_request', 'the request body is too large', 413);
  } else if (problem.code === 'malformed_json' || problem.code === 'unsupported_media_type') {
    // RFC 6749 §3.2: token requests are application/x-www-form-urlencoded.
    sendOAuthError(reply, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
  } else {
    sendOAuthError(reply, 'invalid_request', 'the request body could not be read');
  }
}

/**
 * For `createHttpApp({ renderEarlyError })`: body errors reach only the global
 * problem filter (route errors on OAuth endpoints meet their controllers' filter first).
 */
export const renderOAuthEarlyError: NonNullable<HttpAppOptions['renderEarlyError']> = (
  request,
  reply,
  problem,
) => {
  if (!isOAuthFormEndpoint(request.url)) {
    return false;
  }
  sendEarlyOAuthError(reply, problem);
  return true;
};
