/** The authorization server's login and consent pages, driven with fetch as a browser would. */

/** Keeps cookies across requests and never follows redirects, like a browser seen from the server. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  async fetch(
    url: string,
    form?: Record<string, string>,
  ): Promise<{ status: number; location: string | null; html: string }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = (pair ?? '').indexOf('=');
      if (separator > 0) {
        this.cookies.set(pair!.slice(0, separator).trim(), pair!.slice(separator + 1));
      }
    }
    return {
      status: response.status,
      location: response.headers.get('location'),
      html: await response.text(),
    };
  }
}

/** The hidden fields of a page's form (values are HTML-escaped by the server). */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[match[1]!] = match[2]!
      .replaceAll('&quot;', '"')
      .replaceAll('&#39;', "'")
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  }
  return fields;
}
