import { InvalidRequest } from '../oauth.errors.js';
import type { TokenRequest } from './token-request.js';

/** RFC 7009 §2.1 / RFC 7662 §2.1: `token` is REQUIRED at revocation and introspection. */
export function readTokenParameter(request: TokenRequest): string {
  const token = request.get('token');
  if (token === undefined) {
    throw new InvalidRequest('token is required');
  }
  return token;
}
