import { InvalidRequest } from '../oauth.errors.js';

/**
 * Parameters that may appear more than once. RFC 6749 §3.2 forbids repeating a
 * parameter, but RFC 8707 §2 lets `resource` repeat, and RFC 8693 §2.1 `audience`
 * (a grant that issues one audience refuses several with `invalid_target`).
 */
export const REPEATABLE_PARAMETERS: ReadonlySet<string> = new Set(['resource', 'audience']);

/** The parameters of a token request, after the shared checks. */
export class TokenRequest {
  constructor(private readonly values: ReadonlyMap<string, readonly string[]>) {}

  /** The single value of a parameter, or undefined when absent. */
  get(name: string): string | undefined {
    return this.values.get(name)?.[0];
  }

  /** Every value of a repeatable parameter, in request order. */
  getAll(name: string): readonly string[] {
    return this.values.get(name) ?? [];
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  /** Every parameter with its values, in request order. */
  entries(): ReadonlyArray<readonly [string, readonly string[]]> {
    return [...this.values];
  }

  /** RFC 6749 §3.2 and STYLE: a grant sees only the parameters it declared. */
  only(names: ReadonlySet<string>): TokenRequest {
    return new TokenRequest(new Map([...this.values].filter(([name]) => names.has(name))));
  }
}

const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

/** True when the media type (without parameters such as charset) is the form type. */
export function isFormContentType(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === FORM_CONTENT_TYPE;
}

const ENCODED_FORM_CHARACTERS = /[%+]/;

/** Decodes one application/x-www-form-urlencoded name or value (`+` is a space); undefined when malformed. */
export function decodeFormComponent(component: string): string | undefined {
  // Most names and values (grant_type=client_credentials) need no decoding: no copy, no try.
  if (!ENCODED_FORM_CHARACTERS.test(component)) {
    return component;
  }
  try {
    return decodeURIComponent(component.replaceAll('+', ' '));
  } catch {
    return undefined;
  }
}

/**
 * Parses a token request body (RFC 6749 §3.2: form-encoded, UTF-8). Parameters
 * with an empty value count as omitted (§3.1); a repeated parameter is refused
 * (§3.2) unless it is repeatable.
 */
export function parseTokenRequest(contentType: string | undefined, body: unknown): TokenRequest {
  if (!isFormContentType(contentType) || typeof body !== 'string') {
    throw new InvalidRequest('the body must be application/x-www-form-urlencoded');
  }
  const values = new Map<string, string[]>();
  for (const pair of body.split('&')) {
    if (pair === '') {
      continue;
    }
    const separator = pair.indexOf('=');
    const name = decodeFormComponent(separator === -1 ? pair : pair.slice(0, separator));
    const value = decodeFormComponent(separator === -1 ? '' : pair.slice(separator + 1));
    if (name === undefined || value === undefined) {
      throw new InvalidRequest('the body is not valid form encoding');
    }
    if (value === '') {
      continue;
    }
    const seen = values.get(name);
    if (seen && !REPEATABLE_PARAMETERS.has(name)) {
      throw new InvalidRequest(`parameter ${printable(name)} is included more than once`);
    }
    values.set(name, [...(seen ?? []), value]);
  }
  return new TokenRequest(values);
}

/** A parameter name echoed in a description: short, and only characters RFC 6749 §5.2 allows there. */
function printable(name: string): string {
  const plain = name.replace(/[^\x21\x23-\x5b\x5d-\x7e]/g, '?');
  return plain.length > 40 ? `${plain.slice(0, 40)}...` : plain;
}
