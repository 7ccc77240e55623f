import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContractsRepository } from '../../projection/contracts.repository.js';
import { EnterprisesRepository } from '../../projection/enterprises.repository.js';
import { UsersRepository } from '../../projection/users.repository.js';
import type { AuthenticatedClient } from '../client-auth/authenticated-client.js';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { InvalidClient } from '../oauth.errors.js';
import { hashOpaqueToken, looksLikeJwt } from '../opaque-token.js';
import { RevokedTokensRepository } from '../revoke/revoked-tokens.repository.js';
import { AccessTokenVerifier } from '../token/access-token.verifier.js';
import type { TokenHttpRequest } from '../token/token-endpoint.service.js';
import { TokenFamiliesRepository } from '../token/token-families.repository.js';
import { readTokenParameter } from '../token/token-parameter.js';
import { parseTokenRequest } from '../token/token-request.js';
import { userCanHaveTokens } from '../token/user-grant-support.js';
import {
  INACTIVE,
  type IntrospectionAnswer,
  introspection,
  mayIntrospect,
  refreshTokenIntrospection,
} from './domain/introspection.js';

/**
 * RFC 7662 token introspection: the same form and client authentication rules as the token
 * endpoint (confidential clients only). A client learns about its own access and refresh
 * tokens; a protected-resource client (a content API's own account) about the access tokens
 * issued for its API. Access tokens are checked with our own keys, the revocation list and the
 * contract projection; refresh tokens against their family.
 */
@Injectable()
export class IntrospectionEndpoint {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly clientAuth: ClientAuthenticator,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedTokensRepository,
    private readonly contracts: ContractsRepository,
    private readonly enterprises: EnterprisesRepository,
    private readonly families: TokenFamiliesRepository,
    private readonly users: UsersRepository,
    private readonly clock: Clock,
  ) {}

  async introspect(http: TokenHttpRequest): Promise<IntrospectionAnswer> {
    // RFC 7662 §2.1: form-encoded POST; no repeated parameters (RFC 6749 §3.2).
    const request = parseTokenRequest(http.contentType, http.body);
    // RFC 7662 §2.1: the protected resource (or the client) authenticates.
    const client = await this.clientAuth.authenticate(http.authorization, request);
    // §2.1: "the endpoint MUST also require some form of authorization"; a public client's
    // client_id proves nothing, so it could probe tokens it holds (or found). It may still revoke.
    if (client.authMethod === 'none') {
      throw new InvalidClient('public clients may not introspect tokens');
    }
    const presented = readTokenParameter(request);
    // token_type_hint is only a hint (§2.1): the shape tells an access token (a JWT) from a
    // refresh token (opaque), as at /revoke.
    return looksLikeJwt(presented)
      ? this.introspectAccessToken(presented, client)
      : this.introspectRefreshToken(presented, client);
  }

  private async introspectAccessToken(
    presented: string,
    client: AuthenticatedClient,
  ): Promise<IntrospectionAnswer> {
    const token = await this.verifier.verify(presented);
    if (token === null || !mayIntrospect(token, client)) {
      return INACTIVE; // no lookups for what the caller may not learn about
    }
    const enterpriseId = token.contractId === undefined ? undefined : token.enterpriseId;
    const [revoked, contracts, enterprise] = await Promise.all([
      this.revocations.isRevoked(token.jti),
      enterpriseId === undefined ? [] : this.contracts.findByEnterprise(enterpriseId),
      enterpriseId === undefined ? null : this.enterprises.findById(enterpriseId),
    ]);
    return introspection({
      token,
      callerClientId: client.clientId,
      callerResourceServerFor: client.resourceServerFor,
      issuer: this.config.AUTH_ISSUER,
      revoked,
      contract: contracts.find((contract) => contract.id === token.contractId),
      enterpriseStatus: enterprise?.status ?? null,
      now: this.clock.now(),
    });
  }

  private async introspectRefreshToken(
    presented: string,
    client: AuthenticatedClient,
  ): Promise<IntrospectionAnswer> {
    const found = await this.families.findRefreshTokenWithFamily(hashOpaqueToken(presented));
    if (found === null || found.family.clientId !== client.clientId) {
      return INACTIVE; // another client's refresh token: nothing looked up, nothing told
    }
    const user = await this.users.findById(found.family.userId);
    return refreshTokenIntrospection({
      token: {
        clientId: found.family.clientId,
        userId: found.family.userId,
        scopes: found.family.scopes,
        expiresAt: found.token.expiresAt,
        usedAt: found.token.usedAt,
        familyRevokedAt: found.family.revokedAt,
      },
      callerClientId: client.clientId,
      userCanHaveTokens: userCanHaveTokens(user, found.family.authTime),
      now: this.clock.now(),
    });
  }
}
