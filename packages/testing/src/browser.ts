import { createHash, randomBytes } from 'node:crypto';

/** A minimal browser for the authorization server's page routes: keeps cookies, never follows redirects, reads forms. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      redirect: 'manual',
      ...(body === undefined ? {} : { body }),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      const value = rest.join('=');
      const expired = attributes.some((attribute) => /max-age=0/i.test(attribute.trim()));
      if (name) {
        if (expired || value === '') {
          this.cookies.delete(name.trim());
        } else {
          this.cookies.set(name.trim(), value);
        }
      }
    }
    return new Page(response.status, response.headers, await response.text());
  }
}

export class Page {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    readonly html: string,
  ) {}

  get location(): URL {
    const location = this.headers.get('location');
    if (!location) {
      throw new Error(`no redirect (status ${this.status}): ${this.html.slice(0, 300)}`);
    }
    return new URL(location);
  }

  /** The hidden inputs of the page's form. */
  hiddenFields(): Record<string, string> {
    const fields: Record<string, string> = {};
    for (const match of this.html.matchAll(
      /<input type="hidden" name="([^"]*)" value="([^"]*)">/g,
    )) {
      fields[unescape(match[1] as string)] = unescape(match[2] as string);
    }
    return fields;
  }
}

function unescape(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
