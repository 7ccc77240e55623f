import { Injectable, Logger } from '@nestjs/common';
import { OutboxWriter, TokenRevoked } from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { AccessTokenVerifier } from '../token/access-token.verifier.js';
import type { TokenHttpRequest } from '../token/token-endpoint.service.js';
import { parseTokenRequest } from '../token/token-request.js';
import { readTokenParameter } from '../token/token-parameter.js';
import { revocationDecision } from './domain/revocation.js';
import { RevokedTokensRepository } from './revoked-tokens.repository.js';

/**
 * RFC 7009 token revocation: the same form and client authentication rules as the
 * token endpoint, then the revocation (a row and a TokenRevoked event in one
 * transaction) when the token is the caller's own and still live. Whatever the
 * token, a well-formed request from an authenticated client gets 200 (§2.2).
 */
@Injectable()
export class RevocationEndpoint {
  private readonly logger = new Logger('TokenAudit');

  constructor(
    private readonly clientAuth: ClientAuthenticator,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedTokensRepository,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async revoke(http: TokenHttpRequest, requestId: string): Promise<void> {
    // RFC 7009 §2.1: form-encoded, no repeated parameters (RFC 6749 §3.2).
    const request = parseTokenRequest(http.contentType, http.body);
    // RFC 7009 §2.1: the client authenticates as at the token endpoint.
    const client = await this.clientAuth.authenticate(http.authorization, request);
    const token = readTokenParameter(request);
    // token_type_hint is only a hint (§2.1): we issue access tokens only, so every search is the same one.
    const verified = await this.verifier.verify(token);
    const now = this.clock.now();
    if (verified === null || revocationDecision(verified, client.clientId, now) === 'ignore') {
      return;
    }
    const revokedAt = now;
    const recorded = await this.tx.run(async (em) => {
      const added = await this.revocations.addIfAbsent(em, {
        jti: verified.jti,
        clientId: client.clientId,
        expiresAt: new Date(verified.expiresAt * 1000),
        revokedAt,
      });
      if (added) {
        // The event carries the jti, never the token (ARCHITECTURE: no tokens in events).
        const state = {
          id: verified.jti,
          clientId: client.clientId,
          expiresAt: new Date(verified.expiresAt * 1000).toISOString(),
          revokedAt: revokedAt.toISOString(),
        };
        await this.outbox.add(
          em,
          TokenRevoked,
          TokenRevoked.create(state, 1, {
            actor: { type: 'client', id: client.clientId },
            correlationId: requestId,
            occurredAt: revokedAt,
          }),
        );
      }
      return added;
    });
    if (recorded) {
      this.logger.log(
        { audit: 'token_revoked', clientId: client.clientId, jti: verified.jti },
        'access token revoked',
      );
    }
  }
}
