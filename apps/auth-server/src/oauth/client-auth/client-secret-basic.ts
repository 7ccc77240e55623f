import { decodeFormComponent } from '../token/token-request.js';
import { InvalidClient } from '../oauth.errors.js';

export interface PresentedSecret {
  readonly clientId: string;
  readonly secret: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** True when the request carries an Authorization header at all (whatever its scheme). */
export function hasAuthorizationHeader(header: string | undefined): header is string {
  return header !== undefined && header.trim() !== '';
}

/**
 * client_secret_basic (RFC 6749 §2.3.1): HTTP Basic (RFC 7617) where id and secret
 * are each application/x-www-form-urlencoded before base64. Anything else in the
 * header is a failed client authentication (401 with a Basic challenge).
 */
export function readBasicCredentials(header: string): PresentedSecret {
  const match = /^Basic +(\S+) *$/i.exec(header.trim());
  if (!match?.[1] || !BASE64.test(match[1]) || match[1].length % 4 !== 0) {
    throw new InvalidClient('unsupported or malformed Authorization header; use HTTP Basic');
  }
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  const clientId = separator === -1 ? undefined : decodeFormComponent(decoded.slice(0, separator));
  const secret = separator === -1 ? undefined : decodeFormComponent(decoded.slice(separator + 1));
  if (!clientId || !secret) {
    throw new InvalidClient('malformed Basic credentials');
  }
  return { clientId, secret };
}
