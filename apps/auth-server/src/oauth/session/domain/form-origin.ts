/**
 * The second line of defence for the login, consent and logout forms, after the CSRF
 * token: where the browser says the post comes from. Pure.
 *
 * - `Sec-Fetch-Site` (W3C Fetch Metadata): our own forms post `same-origin`; `none` is a
 *   user-initiated navigation. `cross-site` is another site's page; `same-site` is a sibling
 *   host (another subdomain of the same site), which is not us either. Both are refused, as
 *   is a value the specification does not define.
 * - `Origin` (RFC 6454 §7, Fetch §3.1): a serialised origin other than the issuer's is
 *   refused. `null` says nothing: our pages send `Referrer-Policy: no-referrer`, under which
 *   browsers send `Origin: null` for our own POSTs, so it is treated like an absent header.
 *
 * Absent headers (an older browser, a privacy proxy) fall back to the token check alone.
 */

export interface FormOriginHeaders {
  readonly origin?: string | undefined;
  readonly secFetchSite?: string | undefined;
}

const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

/** Why the post is refused, or null when the headers allow it (or say nothing). */
export function formOriginRefusal(headers: FormOriginHeaders, issuerOrigin: string): string | null {
  if (headers.secFetchSite !== undefined) {
    const site = headers.secFetchSite.trim().toLowerCase();
    if (!ALLOWED_FETCH_SITES.has(site)) {
      return `Sec-Fetch-Site ${site === '' ? '(empty)' : site}`;
    }
  }
  if (headers.origin !== undefined) {
    const origin = headers.origin.trim();
    if (origin !== 'null' && origin !== issuerOrigin) {
      return 'Origin is another site';
    }
  }
  return null;
}
