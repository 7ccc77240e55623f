import { Injectable } from '@nestjs/common';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { DPOP_SIGNING_ALGORITHMS } from '@charter/auth/dpop';
import { DpopProofChecker } from '../dpop/dpop-proof.checker.js';
import { clientSigningAlgorithms, fapi2TokenRefusal } from '../security-profile/domain/fapi2.js';
import { fapi2Error } from '../security-profile/fapi2-error.js';
import { InvalidRequest, UnauthorizedClient, UnsupportedGrantType } from '../oauth.errors.js';
import type { TokenResponse } from './grant-handler.js';
import { GrantRegistry } from './grant-registry.js';
import { TokenAudit } from './token-audit.js';
import { TokenMetrics, UNKNOWN_GRANT } from './token-metrics.js';
import { parseTokenRequest } from './token-request.js';

export interface TokenHttpRequest {
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: unknown;
  /** The DPoP request header (RFC 9449 §4.1), as received. */
  readonly dpop?: string | undefined;
}

/**
 * The steps every grant shares (STYLE "OAuth endpoints and grant handlers"), in
 * order; nothing grant-specific. `no-store` is set by the controller and the filter.
 */
@Injectable()
export class TokenEndpoint {
  constructor(
    private readonly clientAuth: ClientAuthenticator,
    private readonly grants: GrantRegistry,
    private readonly audit: TokenAudit,
    private readonly dpop: DpopProofChecker,
    private readonly metrics: TokenMetrics,
  ) {}

  /** One exchange, counted: issued per grant, or refused per error code and grant. */
  async exchange(http: TokenHttpRequest): Promise<TokenResponse> {
    const served: { grantType: string } = { grantType: UNKNOWN_GRANT };
    try {
      return await this.steps(http, served);
    } catch (error) {
      this.metrics.refused(error, served.grantType);
      throw error;
    }
  }

  private async steps(
    http: TokenHttpRequest,
    served: { grantType: string },
  ): Promise<TokenResponse> {
    // RFC 6749 §3.2: form body, no repeated parameters.
    const request = parseTokenRequest(http.contentType, http.body);
    // Counted under the grant asked for, when it is one we serve, from here on (client authentication too).
    served.grantType = this.grants.get(request.get('grant_type') ?? '')?.grantType ?? UNKNOWN_GRANT;
    // RFC 6749 §2.3, §3.2.1: confidential clients authenticate at the token endpoint.
    const client = await this.clientAuth.authenticate(http.authorization, request);
    // RFC 6749 §4.4.2 / §5.2.
    const grantType = request.get('grant_type');
    if (grantType === undefined) {
      throw new InvalidRequest('grant_type is required');
    }
    const handler = this.grants.get(grantType);
    if (!handler) {
      throw new UnsupportedGrantType();
    }
    // A protected-resource client (RFC 7662 §2.1) stands for a content API: it authenticates
    // only to introspect the tokens issued for that API, and gets no token of its own.
    if (client.resourceServerFor !== null) {
      throw new UnauthorizedClient('a resource server may only introspect tokens');
    }
    if (!client.grantTypes.includes(handler.grantType)) {
      throw new UnauthorizedClient(`the client may not use ${handler.grantType}`);
    }
    // RFC 9449 §5: a proof, when sent, is checked (and spent) before the grant runs; the grant
    // binds what it issues to the proof's key.
    const dpopJkt = await this.dpop.check(
      http.dpop,
      { method: 'POST', path: '/token' },
      clientSigningAlgorithms(client.securityProfile, DPOP_SIGNING_ALGORITHMS),
    );
    // FAPI 2.0 §5.3.2.1: a fapi2 client authenticates with private_key_jwt, never uses the
    // password grant, and gets only DPoP-bound tokens.
    const refusal = fapi2TokenRefusal({
      securityProfile: client.securityProfile,
      authMethod: client.authMethod,
      grantType: handler.grantType,
      dpopJkt,
    });
    if (refusal !== null) {
      throw fapi2Error(refusal);
    }
    const { response, issued } = await handler.handle(
      request.only(handler.parameters),
      client,
      dpopJkt,
    );
    this.audit.tokenIssued(handler.grantType, client, issued);
    this.metrics.tokenIssued(handler.grantType, client, issued);
    return response;
  }
}
