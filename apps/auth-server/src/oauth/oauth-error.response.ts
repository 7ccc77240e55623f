import { type OAuthErrorCode, oauthErrorStatus } from './oauth.errors.js';

/** The realm of our Basic challenge (RFC 7617 §2). */
export const BASIC_CHALLENGE = 'Basic realm="charter"';

/** The headers every OAuth endpoint response carries: tokens and errors are never cached (RFC 6749 §5.1). */
export const NO_STORE_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' } as const;

/** The least of a Fastify reply this module needs (the app does not depend on fastify's types). */
export interface ReplyLike {
  status(statusCode: number): ReplyLike;
  headers(values: Record<string, string>): ReplyLike;
  send(payload: string): unknown;
}

/**
 * Writes an RFC 6749 §5.2 error response. `invalid_client` is a 401, and a 401
 * always carries a challenge (RFC 9110 §15.5.2; RFC 6749 §5.2 requires it when
 * the client authenticated with the Authorization header).
 */
export function sendOAuthError(
  reply: ReplyLike,
  code: OAuthErrorCode,
  description: string,
  statusOverride?: number,
): void {
  const status = statusOverride ?? oauthErrorStatus(code);
  void reply
    .status(status)
    .headers({
      ...NO_STORE_HEADERS,
      'content-type': 'application/json; charset=utf-8',
      ...(status === 401 ? { 'www-authenticate': BASIC_CHALLENGE } : {}),
    })
    .send(JSON.stringify({ error: code, error_description: safeDescription(description) }));
}

/** RFC 6749 §5.2: error_description holds only %x20-21 / %x23-5B / %x5D-7E. */
function safeDescription(description: string): string {
  return description.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "'");
}
