import { type Counter, Metrics } from '@charter/service-kit';
import { Injectable } from '@nestjs/common';

import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import { OAuthError, type OAuthErrorCode } from '../oauth.errors.js';
import type { IssuedTokenRecord } from './grant-handler.js';

/** The grant label of a request whose grant_type is missing or not one we serve (never the raw value). */
export const UNKNOWN_GRANT = 'unknown';

/**
 * What the token endpoint counts: tokens issued per grant (and per client and contract when
 * METRICS_ID_LABELS is on), and refusals per RFC 6749 error code and grant. Every label value is
 * from a closed set unless ids are configured.
 */
@Injectable()
export class TokenMetrics {
  private readonly issued: Counter<'grant_type' | 'client_id' | 'contract_id'>;
  private readonly refusals: Counter<'error' | 'grant_type'>;

  constructor(private readonly metrics: Metrics) {
    this.issued = metrics.counter(
      'charter_tokens_issued_total',
      'Access tokens issued, by grant (and client and contract when METRICS_ID_LABELS is on)',
      ['grant_type', 'client_id', 'contract_id'],
    );
    this.refusals = metrics.counter(
      'charter_token_refusals_total',
      'Token requests refused, by RFC 6749 error code and grant',
      ['error', 'grant_type'],
    );
  }

  tokenIssued(grantType: string, client: AuthenticatedClient, issued: IssuedTokenRecord): void {
    this.issued.inc({
      grant_type: grantType,
      client_id: this.metrics.id(client.clientId),
      contract_id: this.metrics.id(issued.contractId),
    });
  }

  /** `grantType`: the served grant's name, or UNKNOWN_GRANT; anything not an OAuthError is a server_error. */
  refused(error: unknown, grantType: string): void {
    const code: OAuthErrorCode = error instanceof OAuthError ? error.code : 'server_error';
    this.refusals.inc({ error: code, grant_type: grantType });
  }
}
