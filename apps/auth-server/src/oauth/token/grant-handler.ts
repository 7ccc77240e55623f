import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import type { TokenRequest } from './token-request.js';

/** RFC 6749 §5.1 successful response. */
export interface TokenResponse {
  readonly access_token: string;
  /** RFC 9449 §5: `DPoP` when the access token is bound to the proof's key. */
  readonly token_type: 'Bearer' | 'DPoP';
  readonly expires_in: number;
  readonly scope?: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
  readonly issued_token_type?: string;
}

/** RFC 9449 §5: a token bound to a DPoP key is of type `DPoP`; any other is a bearer token. */
export function tokenType(dpopJkt: string | undefined): 'Bearer' | 'DPoP' {
  return dpopJkt === undefined ? 'Bearer' : 'DPoP';
}

/** What the audit record of an issued token holds (never the token). */
export interface IssuedTokenRecord {
  readonly jti: string;
  readonly audience: string;
  readonly scope: string;
  readonly contractId?: string;
}

export interface GrantResult {
  readonly response: TokenResponse;
  readonly issued: IssuedTokenRecord;
}

/**
 * One grant type: what it is, the parameters it reads (beyond grant_type and
 * client authentication; the endpoint drops the rest), and its own rules.
 */
export interface GrantHandler {
  readonly grantType: string;
  readonly parameters: ReadonlySet<string>;
  /** `dpopJkt`: the thumbprint of the request's verified DPoP proof key (RFC 9449 §5), if any. */
  handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult>;
}
