import { DomainError } from '@charter/service-kit';

/**
 * The error codes the OAuth endpoints answer with: RFC 6749 §5.2, plus
 * `invalid_target` (RFC 8707 §2), `invalid_dpop_proof` and `use_dpop_nonce` (RFC 9449 §5, §8), `server_error` for what is not the caller's fault and
 * `temporarily_unavailable` while a dependency is down.
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  | 'server_error'
  | 'temporarily_unavailable';

/** An OAuth error: a code and a description safe to show the client (RFC 6749 §5.2 `error_description`). */
export abstract class OAuthError extends DomainError<OAuthErrorCode> {}

/** Missing, repeated or malformed parameter, or an otherwise malformed request. */
export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super('invalid_request', description);
  }
}

/** Client authentication failed: unknown client, no or unsupported authentication, bad secret. */
export class InvalidClient extends OAuthError {
  constructor(description = 'client authentication failed') {
    super('invalid_client', description);
  }
}

/** The grant (code, refresh token, credentials) is invalid, expired or revoked. */
export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super('invalid_grant', description);
  }
}

/** The authenticated client may not use this grant type (or has nothing this grant could give it). */
export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description = 'the grant type is not supported') {
    super('unsupported_grant_type', description);
  }
}

/** The requested scope is invalid, unknown, malformed, or exceeds what the client may get. */
export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', description);
  }
}

/** RFC 8707 §2: the requested resource is invalid, unknown, malformed or not acceptable. */
export class InvalidTarget extends OAuthError {
  constructor(description: string) {
    super('invalid_target', description);
  }
}

/** RFC 9449 §5: the DPoP proof is missing where required, malformed, replayed or not for this request. */
export class InvalidDpopProof extends OAuthError {
  constructor(description: string) {
    super('invalid_dpop_proof', description);
  }
}

/** RFC 9449 §8: the proof lacks the server's current nonce; the answer carries it in `DPoP-Nonce`. */
export class UseDpopNonce extends OAuthError {
  constructor(
    description: string,
    readonly nonce: string,
  ) {
    super('use_dpop_nonce', description);
  }
}

/** Only for failures that are not the client's; the description stays generic. */
export class ServerError extends OAuthError {
  constructor() {
    super('server_error', 'the authorization server could not handle the request');
  }
}

/**
 * A dependency (the database) is down: RFC 6749 §4.1.2.1's code, answered with 503
 * and Retry-After so clients back off instead of treating it as a fault of ours.
 */
export class TemporarilyUnavailable extends OAuthError {
  constructor() {
    super(
      'temporarily_unavailable',
      'the authorization server is temporarily unavailable; retry shortly',
    );
  }
}

/** The HTTP status of each code (RFC 6749 §5.2: 400, except 401 for client authentication). One exhaustive switch. */
export function oauthErrorStatus(code: OAuthErrorCode): number {
  switch (code) {
    case 'invalid_client':
      return 401;
    case 'server_error':
      return 500;
    case 'temporarily_unavailable':
      return 503;
    case 'invalid_request':
    case 'invalid_grant':
    case 'unauthorized_client':
    case 'unsupported_grant_type':
    case 'invalid_scope':
    case 'invalid_target':
    case 'invalid_dpop_proof':
    case 'use_dpop_nonce':
      return 400;
  }
}
