import { Injectable } from '@nestjs/common';
import { Clock, TransactionRunner } from '@charter/service-kit';
import { UsersRepository } from '../../../projection/users.repository.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import { InvalidGrant, InvalidRequest, InvalidScope, type OAuthError } from '../../oauth.errors.js';
import { hashOpaqueToken } from '../../opaque-token.js';
import type { GrantHandler, GrantResult } from '../grant-handler.js';
import { readScope } from '../grant-parameters.js';
import { ScopeCatalogue } from '../scope-catalogue.js';
import type { TokenRequest } from '../token-request.js';
import { TokenFamiliesRepository } from '../token-families.repository.js';
import { userAccessRefusal, userCanHaveTokens } from '../user-grant-support.js';
import { UserTokens } from '../user-tokens.service.js';

/**
 * RFC 6749 §6 refresh token grant. Refresh tokens rotate on every use (RFC 9700
 * §4.14.2): the new one joins the family, the old one is spent; presenting a spent
 * one revokes the whole family (and its live access tokens).
 */
@Injectable()
export class RefreshTokenGrant implements GrantHandler {
  readonly grantType = 'refresh_token';
  // RFC 6749 §6: refresh_token, scope.
  readonly parameters: ReadonlySet<string> = new Set(['refresh_token', 'scope']);

  constructor(
    private readonly families: TokenFamiliesRepository,
    private readonly users: UsersRepository,
    private readonly tokens: UserTokens,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly scopes: ScopeCatalogue,
  ) {}

  async handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult> {
    const presented = request.get('refresh_token');
    if (presented === undefined) {
      throw new InvalidRequest('refresh_token is required');
    }
    const requestedScopes = readScope(request);
    // RFC 6749 §5.2: a scope nothing defines is reported as unknown; one outside the grant is
    // refused below (§6: the scope may only narrow).
    await this.scopes.assertKnown(requestedScopes, undefined, client);
    const now = this.clock.now();
    const outcome = await this.tx.run(async (em): Promise<GrantResult | OAuthError> => {
      const token = await this.families.findRefreshTokenForUpdate(em, hashOpaqueToken(presented));
      if (!token) {
        return new InvalidGrant('the refresh token is invalid');
      }
      const family = await this.families.findForUpdate(em, token.familyId);
      // RFC 6749 §10.4: bound to the client it was issued to.
      if (!family || family.clientId !== client.clientId) {
        return new InvalidGrant('the refresh token is invalid');
      }
      if (family.revokedAt !== null) {
        return new InvalidGrant('the refresh token was revoked');
      }
      // RFC 9700 §4.14.2: a rotated token used again means it leaked: revoke the family.
      if (token.usedAt !== null) {
        await this.tokens.revokeFamily(em, family, now, 'refresh token reused');
        return new InvalidGrant('the refresh token was already used');
      }
      if (token.expiresAt <= now) {
        return new InvalidGrant('the refresh token has expired');
      }
      // RFC 9449 §5: a public client's refresh token is bound to its DPoP key; only a proof of
      // that key refreshes it (nothing is spent on refusal: the holder of the key may still use it).
      if (family.dpopJkt !== null && family.dpopJkt !== dpopJkt) {
        return new InvalidGrant('the refresh token is bound to another DPoP key');
      }
      // RFC 6749 §6: the scope may narrow what was granted, never widen it.
      if (
        requestedScopes !== undefined &&
        !requestedScopes.every((scope) => family.scopes.includes(scope))
      ) {
        return new InvalidScope('the scope exceeds what was granted');
      }
      const user = await this.users.findById(family.userId);
      if (!userCanHaveTokens(user, family.authTime)) {
        return new InvalidGrant('the user can no longer sign in');
      }
      const decision = await this.tokens.selectAccess(
        client,
        user,
        family.resource,
        requestedScopes ?? family.scopes,
        now,
      );
      if (!decision.granted) {
        return userAccessRefusal(decision.error, decision.description);
      }
      // Never more than the family was granted (no API scope asked would otherwise mean "all").
      const access = {
        ...decision.access,
        scopes: decision.access.scopes.filter((scope) => family.scopes.includes(scope)),
      };
      await this.families.markRefreshTokenUsed(em, token.tokenHash, now);
      return this.tokens.issue(em, { client, user, family, access, dpopJkt, now });
    });
    if (outcome instanceof Error) {
      throw outcome;
    }
    return outcome;
  }
}
