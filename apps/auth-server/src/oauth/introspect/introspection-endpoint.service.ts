import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContractsRepository } from '../../projection/contracts.repository.js';
import { EnterprisesRepository } from '../../projection/enterprises.repository.js';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { InvalidClient } from '../oauth.errors.js';
import { RevokedTokensRepository } from '../revoke/revoked-tokens.repository.js';
import { AccessTokenVerifier } from '../token/access-token.verifier.js';
import type { TokenHttpRequest } from '../token/token-endpoint.service.js';
import { readTokenParameter } from '../token/token-parameter.js';
import { parseTokenRequest } from '../token/token-request.js';
import { INACTIVE, type IntrospectionAnswer, introspection } from './domain/introspection.js';

/**
 * RFC 7662 token introspection for the caller's own tokens: the same form and
 * client authentication rules as the token endpoint (confidential clients only), then the token checked with
 * our own keys, the revocation list and the contract projection.
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
    private readonly clock: Clock,
  ) {}

  async introspect(http: TokenHttpRequest): Promise<IntrospectionAnswer> {
    // RFC 7662 §2.1: form-encoded POST; no repeated parameters (RFC 6749 §3.2).
    const request = parseTokenRequest(http.contentType, http.body);
    // RFC 7662 §2.1: the protected resource (here: the client) authenticates.
    const client = await this.clientAuth.authenticate(http.authorization, request);
    // §2.1: "the endpoint MUST also require some form of authorization"; a public client's
    // client_id proves nothing, so it could probe tokens it holds (or found). It may still revoke.
    if (client.authMethod === 'none') {
      throw new InvalidClient('public clients may not introspect tokens');
    }
    const token = await this.verifier.verify(readTokenParameter(request));
    // token_type_hint is only a hint (§2.1): we issue access tokens only.
    if (token === null || token.clientId !== client.clientId) {
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
      issuer: this.config.AUTH_ISSUER,
      revoked,
      contract: contracts.find((contract) => contract.id === token.contractId),
      enterpriseStatus: enterprise?.status ?? null,
      now: this.clock.now(),
    });
  }
}
