import { InvalidScope, InvalidTarget } from '../oauth.errors.js';
import { isAbsoluteUriWithoutFragment } from './domain/resource-indicator.js';
import { parseScope } from './domain/scope.js';
import type { TokenRequest } from './token-request.js';

/** RFC 8707 §2: an absolute URI without a fragment; every grant here issues one audience, so one resource. */
export function readResource(request: TokenRequest): string | undefined {
  const values = request.getAll('resource');
  if (values.length === 0) {
    return undefined;
  }
  if (values.length > 1) {
    throw new InvalidTarget('only one resource per token request is supported');
  }
  const value = values[0] as string;
  if (!isAbsoluteUriWithoutFragment(value)) {
    throw new InvalidTarget('resource must be an absolute URI without a fragment');
  }
  return value;
}

/** RFC 6749 §3.3; a malformed scope is `invalid_scope` (§5.2: "invalid, unknown, or malformed"). */
export function readScope(request: TokenRequest): string[] | undefined {
  const value = request.get('scope');
  if (value === undefined) {
    return undefined;
  }
  const scopes = parseScope(value);
  if (!scopes) {
    throw new InvalidScope('scope is malformed');
  }
  return scopes;
}
