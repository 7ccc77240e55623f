import { Injectable } from '@nestjs/common';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { UsersRepository } from '../../../projection/users.repository.js';
import { AuthorizationCodesRepository } from '../../authorize/authorization-codes.repository.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import { InvalidGrant, InvalidRequest, type OAuthError } from '../../oauth.errors.js';
import { hashOpaqueToken } from '../../opaque-token.js';
import type { GrantHandler, GrantResult } from '../grant-handler.js';
import type { TokenRequest } from '../token-request.js';
import { TokenFamiliesRepository } from '../token-families.repository.js';
import { PKCE_VALUE, s256, userAccessRefusal, userCanHaveTokens } from '../user-grant-support.js';
import { UserTokens } from '../user-tokens.service.js';

/**
 * RFC 6749 §4.1.3 authorization code grant, with PKCE (RFC 7636) and OpenID
 * Connect (Core §3.1.3): the code is single use; a second redemption revokes what
 * the first issued (RFC 6749 §4.1.2).
 */
@Injectable()
export class AuthorizationCodeGrant implements GrantHandler {
  readonly grantType = 'authorization_code';
  // RFC 6749 §4.1.3: code, redirect_uri (client_id is client authentication); RFC 7636 §4.5: code_verifier.
  readonly parameters: ReadonlySet<string> = new Set(['code', 'redirect_uri', 'code_verifier']);

  constructor(
    private readonly codes: AuthorizationCodesRepository,
    private readonly families: TokenFamiliesRepository,
    private readonly users: UsersRepository,
    private readonly tokens: UserTokens,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult> {
    const code = request.get('code');
    if (code === undefined) {
      throw new InvalidRequest('code is required');
    }
    const verifier = request.get('code_verifier');
    if (verifier !== undefined && !PKCE_VALUE.test(verifier)) {
      throw new InvalidRequest('code_verifier is malformed');
    }
    const now = this.clock.now();
    // The refusal is committed (code used, family revoked) before it is thrown.
    const outcome = await this.tx.run(async (em): Promise<GrantResult | OAuthError> => {
      const row = await this.codes.findForUpdate(em, hashOpaqueToken(code));
      if (!row) {
        return new InvalidGrant('the code is invalid');
      }
      // RFC 6749 §4.1.2: used twice: refuse, and revoke the tokens issued from it.
      if (row.usedAt !== null) {
        const family = row.familyId ? await this.families.findForUpdate(em, row.familyId) : null;
        if (family) {
          await this.tokens.revokeFamily(em, family, now, 'authorization code reused');
        }
        return new InvalidGrant('the code was already used');
      }
      // RFC 6749 §4.1.3: issued to this client, for this redirect URI, not expired.
      if (row.clientId !== client.clientId) {
        return new InvalidGrant('the code was issued to another client');
      }
      if (row.expiresAt <= now) {
        return new InvalidGrant('the code has expired');
      }
      if (request.get('redirect_uri') !== row.redirectUri) {
        return new InvalidGrant('redirect_uri does not match the authorization request');
      }
      // RFC 7636 §4.6; RFC 9700 §2.1.1: a verifier without a challenge is refused as well.
      if (row.codeChallenge !== null) {
        if (verifier === undefined) {
          return new InvalidGrant('code_verifier is required');
        }
        if (s256(verifier) !== row.codeChallenge) {
          return new InvalidGrant('code_verifier does not match the code challenge');
        }
      } else if (verifier !== undefined) {
        return new InvalidGrant('no code challenge was sent for this code');
      }
      // RFC 9449 §10: a code bound to a key (dpop_jkt) is redeemed only with a proof of that key.
      if (row.dpopJkt !== null && row.dpopJkt !== dpopJkt) {
        return new InvalidGrant('the code is bound to another DPoP key (dpop_jkt)');
      }
      // The code is spent whatever follows.
      await this.codes.markUsed(em, row.codeHash, now, null);
      const user = await this.users.findById(row.userId);
      if (!userCanHaveTokens(user, row.authTime)) {
        return new InvalidGrant('the user can no longer sign in');
      }
      const decision = await this.tokens.selectAccess(client, user, row.resource, row.scopes, now);
      if (!decision.granted) {
        return userAccessRefusal(decision.error, decision.description);
      }
      const family = await this.families.create(
        em,
        {
          clientId: client.clientId,
          userId: user.id,
          scopes: [...decision.access.identityScopes, ...decision.access.scopes],
          resource: row.resource,
          authTime: row.authTime,
          amr: row.amr,
          // RFC 9449 §5: a public client's refresh tokens are bound to its DPoP key.
          dpopJkt: client.authMethod === 'none' ? (dpopJkt ?? null) : null,
        },
        now,
      );
      await this.codes.markUsed(em, row.codeHash, now, family.id);
      return this.tokens.issue(em, {
        client,
        user,
        family,
        access: decision.access,
        idToken: { nonce: row.nonce },
        dpopJkt,
        now,
      });
    });
    if (outcome instanceof Error) {
      throw outcome;
    }
    return outcome;
  }
}
