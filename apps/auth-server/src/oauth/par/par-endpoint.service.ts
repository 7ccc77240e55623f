import { Injectable } from '@nestjs/common';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ClientsRepository } from '../../projection/clients.repository.js';
import { DPOP_SIGNING_ALGORITHMS } from '@charter/auth/dpop';
import { clientSigningAlgorithms, fapi2PushRefusal } from '../security-profile/domain/fapi2.js';
import { fapi2Error } from '../security-profile/fapi2-error.js';
import {
  AUTHORIZATION_PARAMETERS,
  checkAuthorizationRequest,
  type Parameters,
} from '../authorize/domain/authorization-request.js';
import { ClientAuthenticator } from '../client-auth/client-authenticator.js';
import { DpopProofChecker } from '../dpop/dpop-proof.checker.js';
import {
  InvalidClient,
  InvalidDpopProof,
  InvalidRequest,
  InvalidScope,
  InvalidTarget,
  type OAuthError,
  UnauthorizedClient,
} from '../oauth.errors.js';
import { hashOpaqueToken, newOpaqueToken } from '../opaque-token.js';
import { ScopeCatalogue, unknownScopeDescription } from '../token/scope-catalogue.js';
import type { TokenHttpRequest } from '../token/token-endpoint.service.js';
import { parseTokenRequest } from '../token/token-request.js';
import { PushedRequestsRepository } from './pushed-requests.repository.js';

/** RFC 9126 §2.2: the request_uri's URN prefix; what follows is a 256-bit random value. */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';

/** RFC 9126 §2.2 success response. */
export interface PushedAuthorizationResponse {
  readonly request_uri: string;
  readonly expires_in: number;
}

/**
 * RFC 9126 pushed authorization requests: the client authenticates as at the token endpoint,
 * the request is checked as `/authorize` would check it (redirect URI, PKCE, scope, resource),
 * and what passes is stored under a one-time `request_uri` shared by every instance.
 */
@Injectable()
export class ParEndpoint {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly clientAuth: ClientAuthenticator,
    private readonly clients: ClientsRepository,
    private readonly dpop: DpopProofChecker,
    private readonly pushed: PushedRequestsRepository,
    private readonly scopes: ScopeCatalogue,
    private readonly clock: Clock,
  ) {}

  async push(http: TokenHttpRequest): Promise<PushedAuthorizationResponse> {
    // RFC 9126 §2.1: a form POST with the token endpoint's client authentication.
    const request = parseTokenRequest(http.contentType, http.body);
    const authenticated = await this.clientAuth.authenticate(http.authorization, request);
    if (authenticated.resourceServerFor !== null) {
      throw new UnauthorizedClient('a resource server may only introspect tokens');
    }
    const clientId = request.get('client_id');
    if (clientId !== undefined && clientId !== authenticated.clientId) {
      throw new InvalidRequest('client_id does not match the authenticated client');
    }
    // §2.1: "The request_uri authorization request parameter MUST NOT be provided".
    if (request.has('request_uri')) {
      throw new InvalidRequest('request_uri cannot be pushed');
    }
    const client = await this.clients.findByClientId(authenticated.clientId);
    if (client === null) {
      throw new InvalidClient();
    }
    // Only the authorization request's own parameters are kept (not the client's credentials).
    const names: ReadonlySet<string> = new Set(AUTHORIZATION_PARAMETERS);
    const parameters = new Map<string, readonly string[]>(
      request.entries().filter(([name]) => names.has(name)),
    );
    parameters.set('client_id', [client.clientId]);
    // RFC 9449 §10.1: a DPoP proof at PAR binds the code to its key, like dpop_jkt.
    const refusal = fapi2PushRefusal({
      securityProfile: client.securityProfile,
      authMethod: authenticated.authMethod,
      redirectUriGiven: parameters.has('redirect_uri'),
    });
    if (refusal !== null) {
      throw fapi2Error(refusal);
    }
    const jkt = await this.dpop.check(
      http.dpop,
      { method: 'POST', path: '/par' },
      clientSigningAlgorithms(client.securityProfile, DPOP_SIGNING_ALGORITHMS),
    );
    if (jkt !== undefined) {
      const given = parameters.get('dpop_jkt')?.[0];
      if (given !== undefined && given !== jkt) {
        throw new InvalidDpopProof('dpop_jkt is not the thumbprint of the DPoP proof key');
      }
      parameters.set('dpop_jkt', [jkt]);
    }
    // §2.1: the same checks as the authorization endpoint; errors come back as JSON (§2.3).
    const checked = checkAuthorizationRequest(parameters, (id) =>
      id === client.clientId ? client : null,
    );
    if ('kind' in checked) {
      throw checked.kind === 'page'
        ? new InvalidRequest(checked.description)
        : parError(checked.error, checked.description);
    }
    const unknown = await this.scopes.unknown(checked.scopes, checked.resources, client);
    if (unknown.length > 0) {
      throw new InvalidScope(unknownScopeDescription(unknown));
    }
    const value = newOpaqueToken();
    const now = this.clock.now();
    await this.pushed.create({
      requestUriHash: hashOpaqueToken(value),
      clientId: client.clientId,
      parameters: flatten(parameters),
      expiresAt: new Date(now.getTime() + this.config.PAR_REQUEST_TTL * 1000),
    });
    return {
      request_uri: `${REQUEST_URI_PREFIX}${value}`,
      expires_in: this.config.PAR_REQUEST_TTL,
    };
  }
}

function flatten(parameters: Parameters): Array<[string, string]> {
  return [...parameters].flatMap(([name, values]) =>
    values.map((value): [string, string] => [name, value]),
  );
}

/** §2.3: the authorization endpoint's error codes, as token-endpoint style errors. */
function parError(code: string, description: string): OAuthError {
  switch (code) {
    case 'unauthorized_client':
      return new UnauthorizedClient(description);
    case 'invalid_scope':
      return new InvalidScope(description);
    case 'invalid_target':
      return new InvalidTarget(description);
    default:
      return new InvalidRequest(description);
  }
}
