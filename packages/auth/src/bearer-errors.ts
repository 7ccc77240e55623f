import { ProblemException } from '@charter/service-kit';

const REALM = 'charter';

function quoted(value: string): string {
  // RFC 6750 §3: the attribute values are quoted-strings; keep them to safe characters.
  return value.replace(/["\\]/g, '');
}

/** RFC 6750 §3.1: no credentials at all — a challenge without an error code. */
export function missingToken(): ProblemException {
  return new ProblemException({
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail: 'This request needs a Bearer access token.',
    headers: { 'www-authenticate': `Bearer realm="${REALM}"` },
  });
}

/** RFC 6750 §3.1 invalid_request: the Authorization header is malformed. */
export function malformedAuthorization(): ProblemException {
  return new ProblemException({
    status: 400,
    code: 'invalid_request',
    title: 'Invalid request',
    detail: 'The Authorization header is not a well-formed Bearer token.',
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="invalid_request", error_description="malformed Authorization header"`,
    },
  });
}

/** RFC 6750 §3.1 invalid_token: expired, revoked, malformed or not for this API. */
export function invalidToken(description: string): ProblemException {
  return new ProblemException({
    status: 401,
    code: 'invalid_token',
    title: 'Invalid access token',
    detail: description,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${quoted(description)}"`,
    },
  });
}

/** RFC 6750 §3.1 insufficient_scope, naming the scopes the route needs. */
export function insufficientScope(required: readonly string[]): ProblemException {
  const scope = required.join(' ');
  return new ProblemException({
    status: 403,
    code: 'insufficient_scope',
    title: 'Insufficient scope',
    detail: `This request needs the scope: ${scope}`,
    headers: {
      'www-authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${quoted(scope)}"`,
    },
  });
}
