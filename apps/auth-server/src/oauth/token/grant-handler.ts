import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import type { TokenRequest } from './token-request.js';

/** RFC 6749 §5.1 successful response. */
export interface TokenResponse {
  readonly access_token: string;
  readonly token_type: 'Bearer';
  readonly expires_in: number;
  readonly scope?: string;
  readonly refresh_token?: string;
  readonly id_token?: string;
  readonly issued_token_type?: string;
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
  handle(request: TokenRequest, client: AuthenticatedClient): Promise<GrantResult>;
}
