import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../../config/auth-server.config.js';
import { ContractsRepository } from '../../../projection/contracts.repository.js';
import type { AuthenticatedClient } from '../../client-auth/authenticated-client.js';
import {
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  type OAuthError,
  UnauthorizedClient,
} from '../../oauth.errors.js';
import { AccessTokenIssuer } from '../access-token.issuer.js';
import { type AccessRefusalCode, selectAccess } from '../domain/access-selection.js';
import { formatScope } from '../domain/scope.js';
import { type GrantHandler, type GrantResult, tokenType } from '../grant-handler.js';
import { readResource, readScope } from '../grant-parameters.js';
import { ScopeCatalogue } from '../scope-catalogue.js';
import type { TokenRequest } from '../token-request.js';

/**
 * RFC 6749 §4.4 client credentials: a confidential client gets a token for
 * itself, for one resource (RFC 8707) its enterprise's contracts in force (or its
 * platform access) cover, as an RFC 9068 JWT. Reads only the local projection.
 */
@Injectable()
export class ClientCredentialsGrant implements GrantHandler {
  readonly grantType = 'client_credentials';
  // RFC 6749 §4.4.2: scope; RFC 8707 §2: resource.
  readonly parameters: ReadonlySet<string> = new Set(['scope', 'resource']);

  constructor(
    private readonly contracts: ContractsRepository,
    private readonly issuer: AccessTokenIssuer,
    private readonly clock: Clock,
    private readonly config: AuthServerConfig,
    private readonly scopes: ScopeCatalogue,
  ) {}

  async handle(
    request: TokenRequest,
    client: AuthenticatedClient,
    dpopJkt?: string,
  ): Promise<GrantResult> {
    const resource = readResource(request);
    const requestedScopes = readScope(request);
    // RFC 6749 §5.2: a scope no target defines is unknown (invalid_scope), not narrowed away.
    await this.scopes.assertKnown(requestedScopes, resource, client);
    const now = this.clock.now();
    const contracts =
      client.enterpriseId === null
        ? []
        : await this.contracts.findByEnterprise(client.enterpriseId);
    const decision = selectAccess({
      enterpriseId: client.enterpriseId,
      accountServiceAudience: this.config.ACCOUNT_SERVICE_AUDIENCE,
      enterpriseStatus: client.enterpriseStatus,
      platformAccess: client.platformAccess,
      contracts,
      ...(resource === undefined ? {} : { resource }),
      ...(requestedScopes === undefined ? {} : { requestedScopes }),
      now,
    });
    if (!decision.granted) {
      throw refusal(decision.error, decision.description);
    }
    const { access } = decision;
    // RFC 6749 §4.4.3 / §5.1; the client is the subject of its own token (RFC 9068 §2.2).
    const issued = await this.issuer.issue({
      subject: client.clientId,
      clientId: client.clientId,
      access,
      lifetimeSeconds: client.accessTokenTtlSeconds,
      credentialId: client.credentialId,
      dpopJkt,
      now,
    });
    const scope = formatScope(access.scopes);
    return {
      // RFC 6749 §4.4.3: no refresh token for client credentials. §3.3: scope always returned, it may be narrower than asked.
      response: {
        access_token: issued.token,
        token_type: tokenType(dpopJkt),
        expires_in: issued.expiresIn,
        scope,
      },
      issued: {
        jti: issued.jti,
        audience: access.audience,
        scope,
        ...(access.contractId === undefined ? {} : { contractId: access.contractId }),
      },
    };
  }
}

function refusal(code: AccessRefusalCode, description: string): OAuthError {
  switch (code) {
    case 'invalid_request':
      return new InvalidRequest(description);
    case 'unauthorized_client':
      return new UnauthorizedClient(description);
    case 'invalid_scope':
      return new InvalidScope(description);
    case 'invalid_target':
      return new InvalidTarget(description);
  }
}
