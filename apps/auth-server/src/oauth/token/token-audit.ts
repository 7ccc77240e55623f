import { Injectable, Logger } from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import type { IssuedTokenRecord } from './grant-handler.js';

/**
 * The audit record of each issued token: who got what, for which audience, under
 * which contract. A structured log line for now (never the token itself); the
 * issues adding revocation and introspection can persist it.
 */
@Injectable()
export class TokenAudit {
  private readonly logger = new Logger('TokenAudit');
  /** The record is an `info` line: below that level it would be built, then dropped, per token. */
  private readonly enabled: boolean;

  constructor(config: AuthServerConfig) {
    this.enabled = ['info', 'debug', 'trace'].includes(config.LOG_LEVEL);
  }

  tokenIssued(grantType: string, client: AuthenticatedClient, issued: IssuedTokenRecord): void {
    if (!this.enabled) {
      return;
    }
    this.logger.log(
      {
        audit: 'token_issued',
        grantType,
        clientId: client.clientId,
        authMethod: client.authMethod,
        enterpriseId: client.enterpriseId,
        contractId: issued.contractId ?? null,
        audience: issued.audience,
        scope: issued.scope,
        jti: issued.jti,
      },
      'access token issued',
    );
  }
}
