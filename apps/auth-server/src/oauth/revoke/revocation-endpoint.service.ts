import { Injectable, Logger } from '@nestjs/common';
import { OutboxWriter, TokenRevoked } from '@charter/events';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { AccessTokenVerifier } from '../token/access-token.verifier.js';
import type { TokenHttpRequest } from '../token/token-endpoint.service.js';
import { hashOpaqueToken, looksLikeJwt } from '../opaque-token.js';
import { TokenFamiliesRepository } from '../token/token-families.repository.js';
import { parseTokenRequest } from '../token/token-request.js';
import { UserTokens } from '../token/user-tokens.service.js';
import { readTokenParameter } from '../token/token-parameter.js';
import { revocationDecision } from './domain/revocation.js';
import { RevokedTokensRepository } from './revoked-tokens.repository.js';

/**
 * RFC 7009 token revocation: the same form and client authentication rules as the
 * token endpoint, then the revocation when the token is the caller's own and still live:
 * an access token goes to the revocation list (a row and a TokenRevoked event in one
 * transaction); a refresh token ends its family, access tokens included. Whatever the
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
    private readonly families: TokenFamiliesRepository,
    private readonly userTokens: UserTokens,
  ) {}

  async revoke(http: TokenHttpRequest, requestId: string): Promise<void> {
    // RFC 7009 §2.1: form-encoded, no repeated parameters (RFC 6749 §3.2).
    const request = parseTokenRequest(http.contentType, http.body);
    // RFC 7009 §2.1: the client authenticates as at the token endpoint.
    const client = await this.clientAuth.authenticate(http.authorization, request);
    const token = readTokenParameter(request);
    const now = this.clock.now();
    // RFC 7009 §2.1: token_type_hint only orders the search; a wrong hint still finds the token.
    // A JWT is never a refresh token and an opaque token never an access token, so the shape decides.
    if (looksLikeJwt(token)) {
      await this.revokeAccessToken(token, client.clientId, now, requestId);
    } else {
      await this.revokeRefreshToken(token, client.clientId, now);
    }
  }

  /**
   * RFC 7009 §2.1: revoking a refresh token invalidates it and, since we can, every access
   * token of the same grant: its whole family (the user's consent stays; a new
   * authorization starts a new family).
   */
  private async revokeRefreshToken(token: string, clientId: string, now: Date): Promise<void> {
    await this.tx.run(async (em) => {
      const row = await this.families.findRefreshTokenForUpdate(em, hashOpaqueToken(token));
      const family = row === null ? null : await this.families.findForUpdate(em, row.familyId);
      // Another client's refresh token is left alone, and the answer tells it nothing (§2.1).
      if (
        row === null ||
        family === null ||
        family.clientId !== clientId ||
        family.revokedAt !== null
      ) {
        return;
      }
      await this.userTokens.revokeFamily(em, family, now, 'refresh token revoked by its client');
    });
  }

  private async revokeAccessToken(
    token: string,
    clientId: string,
    now: Date,
    requestId: string,
  ): Promise<void> {
    const verified = await this.verifier.verify(token);
    if (verified === null || revocationDecision(verified, clientId, now) === 'ignore') {
      return;
    }
    const revokedAt = now;
    const recorded = await this.tx.run(async (em) => {
      const added = await this.revocations.addIfAbsent(em, {
        jti: verified.jti,
        clientId: clientId,
        expiresAt: new Date(verified.expiresAt * 1000),
        revokedAt,
      });
      if (added) {
        // The event carries the jti, never the token (ARCHITECTURE: no tokens in events).
        const state = {
          id: verified.jti,
          clientId: clientId,
          expiresAt: new Date(verified.expiresAt * 1000).toISOString(),
          revokedAt: revokedAt.toISOString(),
        };
        await this.outbox.add(
          em,
          TokenRevoked,
          TokenRevoked.create(state, 1, {
            actor: { type: 'client', id: clientId },
            correlationId: requestId,
            occurredAt: revokedAt,
          }),
        );
      }
      return added;
    });
    if (recorded) {
      this.logger.log(
        { audit: 'token_revoked', clientId: clientId, jti: verified.jti },
        'access token revoked',
      );
    }
  }
}
