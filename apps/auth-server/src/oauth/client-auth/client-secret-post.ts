import type { TokenRequest } from '../token/token-request.js';
import { InvalidRequest } from '../oauth.errors.js';
import type { PresentedSecret } from './client-secret-basic.js';

/** The parameters client_secret_post uses; the token endpoint consumes them before a grant runs. */
export const CLIENT_POST_PARAMETERS: ReadonlySet<string> = new Set(['client_id', 'client_secret']);

/** True when the body carries a client secret. */
export function hasPostedSecret(request: TokenRequest): boolean {
  return request.has('client_secret');
}

/** client_secret_post (RFC 6749 §2.3.1): `client_id` and `client_secret` in the form body. */
export function readPostCredentials(request: TokenRequest): PresentedSecret {
  const clientId = request.get('client_id');
  const secret = request.get('client_secret');
  if (clientId === undefined || secret === undefined) {
    throw new InvalidRequest('client_secret_post needs both client_id and client_secret');
  }
  return { clientId, secret };
}
