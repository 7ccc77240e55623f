/**
 * The language of the sign-in pages: OIDC Core §3.1.2.1 `ui_locales` (space-separated BCP 47
 * tags, in order of preference) first, then the browser's `Accept-Language` (RFC 9110 §12.5.4,
 * by q-value), then English. Only the primary subtag counts (`de-AT` is German). Pure.
 */

export const SUPPORTED_LOCALES = ['en', 'de'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

function supported(tag: string): Locale | null {
  const primary = tag.trim().toLowerCase().split('-')[0] ?? '';
  return (SUPPORTED_LOCALES as readonly string[]).includes(primary) ? (primary as Locale) : null;
}

/** Accept-Language's tags, best first (stable for equal weights); `*` and q=0 are left out. */
function acceptedTags(header: string): string[] {
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.split(';');
      const weights = params.filter((param) => /^\s*q\s*=/i.test(param));
      // RFC 9110 §12.4.2: qvalue = 0 to 1 with up to three decimals; anything else is no weight.
      const q = weights.map((param) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(param)?.[1]);
      const weight = weights.length === 0 ? 1 : q[0] === undefined ? 0 : Number(q[0]);
      return { tag: tag.trim(), q: Math.min(weight, 1), index };
    })
    .filter((entry) => entry.tag !== '' && entry.tag !== '*' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

export function chooseLocale(
  uiLocales: string | undefined,
  acceptLanguage: string | undefined,
): Locale {
  for (const tag of (uiLocales ?? '').split(' ').slice(0, 32)) {
    const locale = supported(tag);
    if (locale !== null) {
      return locale;
    }
  }
  for (const tag of acceptedTags(acceptLanguage ?? '')) {
    const locale = supported(tag);
    if (locale !== null) {
      return locale;
    }
  }
  return 'en';
}
