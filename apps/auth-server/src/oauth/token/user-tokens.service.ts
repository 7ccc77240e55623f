import { Injectable, Logger } from '@nestjs/common';
import { OutboxWriter, TokenRevoked } from '@charter/events';
import type { EntityManager } from 'typeorm';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContractsRepository } from '../../projection/contracts.repository.js';
import type { ProjectedUser } from '../../projection/entities/projected-user.entity.js';
import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import { hashOpaqueToken, newOpaqueToken } from '../opaque-token.js';
import { RevokedTokensRepository } from '../revoke/revoked-tokens.repository.js';
import { AccessTokenIssuer } from './access-token.issuer.js';
import { formatScope } from './domain/scope.js';
import {
  selectUserAccess,
  type UserAccessDecision,
  type UserGrantedAccess,
} from './domain/user-access-selection.js';
import { type GrantResult, tokenType } from './grant-handler.js';
import { IdTokenIssuer } from './id-token.issuer.js';
import { TokenFamiliesRepository, type TokenFamily } from './token-families.repository.js';

export interface UserTokenRequest {
  readonly client: AuthenticatedClient;
  readonly user: ProjectedUser;
  readonly family: TokenFamily;
  readonly access: UserGrantedAccess;
  /** Issue an id token (authorization code with `openid`), with this nonce. */
  readonly idToken?: { readonly nonce: string | null };
  /** RFC 9449 §5: the request's DPoP key; the access token is bound to it. */
  readonly dpopJkt?: string | undefined;
  readonly now: Date;
}

/**
 * Issues what a user grant returns, in the grant's transaction: the access token
 * (recorded in its family), an id token when asked, and a rotated refresh token
 * when the client may use the refresh_token grant. Also revokes a family.
 */
@Injectable()
export class UserTokens {
  private readonly logger = new Logger('TokenAudit');

  constructor(
    private readonly config: AuthServerConfig,
    private readonly accessTokens: AccessTokenIssuer,
    private readonly idTokens: IdTokenIssuer,
    private readonly families: TokenFamiliesRepository,
    private readonly revocations: RevokedTokensRepository,
    private readonly outbox: OutboxWriter,
    private readonly contracts: ContractsRepository,
  ) {}

  /**
   * What a user grant may give now: `selectUserAccess` over the client (its enterprise's
   * status as authenticated: a contract only counts for a client of the user's own
   * enterprise) and the user's enterprise's contracts. No `resource`: the client's own API;
   * no `requestedScopes`: all the access allows.
   */
  async selectAccess(
    client: AuthenticatedClient,
    user: ProjectedUser,
    resource: string | null | undefined,
    requestedScopes: readonly string[] | undefined,
    now: Date,
  ): Promise<UserAccessDecision> {
    return selectUserAccess({
      client,
      user,
      enterpriseStatus: client.enterpriseId === null ? null : client.enterpriseStatus,
      contracts:
        user.enterpriseId === null ? [] : await this.contracts.findByEnterprise(user.enterpriseId),
      accountServiceAudience: this.config.ACCOUNT_SERVICE_AUDIENCE,
      ...(resource === null || resource === undefined ? {} : { resource }),
      ...(requestedScopes === undefined ? {} : { requestedScopes }),
      now,
    });
  }

  async issue(em: EntityManager, request: UserTokenRequest): Promise<GrantResult> {
    const { client, user, family, access, now } = request;
    const issued = await this.accessTokens.issue({
      subject: user.id,
      clientId: client.clientId,
      access,
      lifetimeSeconds: client.accessTokenTtlSeconds,
      credentialId: client.credentialId,
      authTime: family.authTime,
      amr: family.amr,
      dpopJkt: request.dpopJkt,
      now,
    });
    await this.families.recordAccessToken(
      em,
      issued.jti,
      family.id,
      new Date(now.getTime() + issued.expiresIn * 1000),
    );
    // Refresh tokens go to clients registered for the refresh_token grant (README "Refresh tokens").
    let refreshToken: string | undefined;
    if (client.grantTypes.includes('refresh_token')) {
      refreshToken = newOpaqueToken();
      await this.families.addRefreshToken(
        em,
        hashOpaqueToken(refreshToken),
        family.id,
        now,
        new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL * 1000),
      );
    }
    const idToken =
      request.idToken && access.identityScopes.includes('openid')
        ? await this.idTokens.issue({
            userId: user.id,
            clientId: client.clientId,
            authTime: family.authTime,
            amr: family.amr,
            nonce: request.idToken.nonce,
            accessToken: issued.token,
            scopes: access.identityScopes,
            email: user.email,
            emailVerified: user.emailVerified,
            name: user.name,
            now,
          })
        : undefined;
    // RFC 6749 §3.3: the granted scope, which may be narrower than asked; identity scopes included.
    const scope = formatScope([...new Set([...access.identityScopes, ...access.scopes])]);
    return {
      response: {
        access_token: issued.token,
        token_type: tokenType(request.dpopJkt),
        expires_in: issued.expiresIn,
        scope,
        ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
        ...(idToken === undefined ? {} : { id_token: idToken }),
      },
      issued: {
        jti: issued.jti,
        audience: access.audience,
        scope: formatScope(access.scopes),
        ...(access.contractId === undefined ? {} : { contractId: access.contractId }),
      },
    };
  }

  /**
   * RFC 6749 §4.1.2 / §10.4, RFC 9700 §4.14: a reused code or refresh token revokes the
   * family: no refresh token of it works again, and its live access tokens go to the
   * revocation list (with TokenRevoked for the resource servers), as /revoke does.
   */
  async revokeFamily(
    em: EntityManager,
    family: TokenFamily,
    now: Date,
    reason: string,
  ): Promise<void> {
    const live = await this.families.revoke(em, family.id, now);
    for (const token of live) {
      const added = await this.revocations.addIfAbsent(em, {
        jti: token.jti,
        clientId: family.clientId,
        expiresAt: token.expiresAt,
        revokedAt: now,
      });
      if (added) {
        await this.outbox.add(
          em,
          TokenRevoked,
          TokenRevoked.create(
            {
              id: token.jti,
              clientId: family.clientId,
              expiresAt: token.expiresAt.toISOString(),
              revokedAt: now.toISOString(),
            },
            1,
            {
              actor: { type: 'system', id: 'auth-server' },
              correlationId: family.id,
              occurredAt: now,
            },
          ),
        );
      }
    }
    this.logger.warn(
      {
        audit: 'token_family_revoked',
        clientId: family.clientId,
        familyId: family.id,
        reason,
        accessTokens: live.length,
      },
      'token family revoked',
    );
  }
}
