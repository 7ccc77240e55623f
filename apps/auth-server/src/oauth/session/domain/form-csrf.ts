import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The CSRF token of the login, consent and logout forms, bound to the browser's pre-login
 * session (the `charter_browser` cookie, set before any form is shown): an HMAC of the
 * session id under a key only the server holds. A page from another site cannot read the
 * cookie nor the token, and a post without the cookie (SameSite=Lax drops it on a
 * cross-site POST) or without the token never matches: there is no "empty equals empty".
 * OWASP CSRF Prevention Cheat Sheet, "Signed Double-Submit Cookie".
 */

/** A browser session id is 256 random bits, base64url (43 characters, canonical). */
const BROWSER_SESSION_ID = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Keeps the token of one form kind out of another protocol's HMAC (domain separation). */
const TOKEN_CONTEXT = 'charter/auth-server/form-csrf/v1\n';

export function isBrowserSessionId(value: string | undefined): value is string {
  return value !== undefined && BROWSER_SESSION_ID.test(value);
}

export function csrfTokenFor(key: Buffer, browserSessionId: string): string {
  return createHmac('sha256', key)
    .update(TOKEN_CONTEXT + browserSessionId, 'utf8')
    .digest('base64url');
}

/**
 * True only when the browser has a well-formed session cookie and the form carries the
 * token made for it; the comparison takes the same time wherever the strings differ.
 */
export function csrfTokenMatches(
  key: Buffer,
  browserSessionId: string | undefined,
  token: string | undefined,
): boolean {
  if (!isBrowserSessionId(browserSessionId) || token === undefined || token === '') {
    return false;
  }
  const expected = Buffer.from(csrfTokenFor(key, browserSessionId), 'utf8');
  const given = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
