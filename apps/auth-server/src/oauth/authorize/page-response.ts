/** The part of Fastify's reply (with @fastify/cookie) the pages use. */
export interface PageReply {
  header(name: string, value: string): PageReply;
  status(code: number): PageReply;
  send(body?: string): unknown;
  setCookie(
    name: string,
    value: string,
    options: { path: string; httpOnly: boolean; sameSite: 'lax'; secure: boolean; maxAge: number },
  ): unknown;
}

/** The part of Fastify's request the pages use: parsed cookies (by @fastify/cookie) and the peer address. */
export interface PageRequest {
  readonly cookies?: Record<string, string | undefined>;
  readonly ip: string;
  readonly body?: unknown;
  readonly query?: unknown;
  readonly headers: Record<string, string | string[] | undefined>;
}

export interface CookieToSet {
  readonly name: string;
  readonly value: string;
  /** Seconds; 0 clears the cookie. */
  readonly maxAge: number;
}

/** What a page route answers: a page or a redirect, with cookies. Written by `sendPage`. */
export type PageResponse =
  | {
      readonly kind: 'page';
      readonly status: number;
      readonly html: string;
      readonly cookies?: readonly CookieToSet[];
    }
  | {
      readonly kind: 'redirect';
      readonly location: string;
      readonly cookies?: readonly CookieToSet[];
    };

/**
 * Writes a page response with the headers every page carries: no framing (CSP
 * frame-ancestors and X-Frame-Options), no inline script, no referrer (codes and
 * state never leak through Referer), no caching, HSTS when served over https.
 */
export function sendPage(
  reply: PageReply,
  response: PageResponse,
  secure: boolean,
  logoUrl: string | null = null,
): void {
  // The configured logo (BRAND_LOGO_URL) is the only image a page may load: its origin only.
  const origin = logoUrl === null || !URL.canParse(logoUrl) ? null : new URL(logoUrl).origin;
  const images = origin === null ? '' : `; img-src ${origin}`;
  reply.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'${images}`,
  );
  reply.header('X-Frame-Options', 'DENY');
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Referrer-Policy', 'no-referrer');
  reply.header('Cache-Control', 'no-store');
  reply.header('Pragma', 'no-cache');
  if (secure) {
    reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  for (const cookie of response.cookies ?? []) {
    reply.setCookie(cookie.name, cookie.value, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: cookie.maxAge,
    });
  }
  if (response.kind === 'redirect') {
    reply.status(302).header('Location', response.location).send();
    return;
  }
  reply
    .status(response.status)
    .header('Content-Type', 'text/html; charset=utf-8')
    .send(response.html);
}
