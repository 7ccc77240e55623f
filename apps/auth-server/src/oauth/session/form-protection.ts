import { hkdfSync } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import type { CookieToSet } from '../authorize/page-response.js';
import { newOpaqueToken } from '../opaque-token.js';
import { csrfTokenFor, csrfTokenMatches, isBrowserSessionId } from './domain/form-csrf.js';
import { formOriginRefusal } from './domain/form-origin.js';

/** The pre-login browser session: set before the first form is shown; the forms' CSRF tokens are bound to it. */
export const BROWSER_COOKIE = 'charter_browser';

// Fixed HKDF salt and info (RFC 5869 §3.1/§3.2) keep this key apart from the signing-key encryption key.
const HKDF_SALT = 'charter/auth-server/forms';
const HKDF_INFO = 'form-csrf/hmac-sha256/v1';

/** What a form post tells about where it comes from: its cookies and two request headers. */
export interface FormPost {
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly origin?: string | undefined;
  readonly secFetchSite?: string | undefined;
}

export interface BrowserSession {
  /** The token the page's forms carry in `csrf_token`. */
  readonly csrf: string;
  /** The cookie to set when the browser had no (well-formed) session yet. */
  readonly cookie?: CookieToSet;
}

/**
 * Forms only the user's own browser can submit (login, consent, logout): a CSRF token bound
 * to the browser's pre-login session, and the Origin / Sec-Fetch-Site headers as a second line.
 */
@Injectable()
export class FormProtection {
  private readonly key: Buffer;
  /** The keys a posted token may be under: the current one, then those of previous KEYS_ENCRYPTION_KEYs. */
  private readonly acceptedKeys: readonly Buffer[];
  private readonly issuerOrigin: string;

  constructor(private readonly config: AuthServerConfig) {
    // Every instance derives the same key from the same KEYS_ENCRYPTION_KEY: a form shown by
    // one instance may be posted to another. During a rotation of that key, a form shown by an
    // instance still on the previous key verifies on one already on the new key.
    this.acceptedKeys = config
      .keysEncryptionKeys()
      .map((secret) => Buffer.from(hkdfSync('sha256', secret, HKDF_SALT, HKDF_INFO, 32)));
    this.key = this.acceptedKeys[0] ?? Buffer.alloc(0);
    this.issuerOrigin = new URL(config.AUTH_ISSUER).origin;
  }

  /** The browser's session (a new one when its cookie is missing or malformed) and its forms' token. */
  browserSession(cookies: Readonly<Record<string, string | undefined>>): BrowserSession {
    const existing = cookies[BROWSER_COOKIE];
    if (isBrowserSessionId(existing)) {
      return { csrf: csrfTokenFor(this.key, existing) };
    }
    const id = newOpaqueToken();
    return {
      csrf: csrfTokenFor(this.key, id),
      cookie: { name: BROWSER_COOKIE, value: id, maxAge: this.config.SESSION_TTL },
    };
  }

  /** Null when the post may proceed; otherwise why it is refused (for the log, not the page). */
  refusal(post: FormPost, token: string | undefined): string | null {
    return (
      formOriginRefusal(post, this.issuerOrigin) ??
      (this.acceptedKeys.some((key) => csrfTokenMatches(key, post.cookies[BROWSER_COOKIE], token))
        ? null
        : 'the CSRF token does not match the browser session')
    );
  }
}
