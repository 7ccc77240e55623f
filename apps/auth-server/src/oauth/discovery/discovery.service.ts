import { Injectable } from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContentApisRepository } from '../../projection/content-apis.repository.js';
import { CLIENT_AUTH_METHODS } from '../client-auth/client-authenticator.js';
import { CLIENT_ASSERTION_ALGORITHMS } from '../client-auth/domain/client-assertion.js';
import { GrantRegistry } from '../token/grant-registry.js';

/** RFC 8414 §2 authorization server metadata, limited to what is true today. */
export interface AuthorizationServerMetadata {
  readonly issuer: string;
  readonly token_endpoint: string;
  readonly jwks_uri: string;
  readonly grant_types_supported: readonly string[];
  readonly token_endpoint_auth_methods_supported: readonly string[];
  readonly token_endpoint_auth_signing_alg_values_supported: readonly string[];
  readonly revocation_endpoint: string;
  readonly revocation_endpoint_auth_methods_supported: readonly string[];
  readonly revocation_endpoint_auth_signing_alg_values_supported: readonly string[];
  readonly introspection_endpoint: string;
  readonly introspection_endpoint_auth_methods_supported: readonly string[];
  readonly introspection_endpoint_auth_signing_alg_values_supported: readonly string[];
  readonly response_types_supported: readonly string[];
  readonly scopes_supported: readonly string[];
}

@Injectable()
export class DiscoveryService {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly grants: GrantRegistry,
    private readonly contentApis: ContentApisRepository,
  ) {}

  async metadata(): Promise<AuthorizationServerMetadata> {
    const issuer = this.config.AUTH_ISSUER;
    const apis = await this.contentApis.findAll();
    return {
      issuer,
      token_endpoint: `${issuer}/token`,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      grant_types_supported: this.grants.grantTypes(),
      token_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      // RFC 8414 §2: the algorithms a private_key_jwt assertion may be signed with.
      token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      // RFC 8414 §2: revocation (RFC 7009) and introspection (RFC 7662) authenticate the client
      // exactly as the token endpoint does.
      revocation_endpoint: `${issuer}/revoke`,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      revocation_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      introspection_endpoint: `${issuer}/introspect`,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      // There is no authorization endpoint yet, so no response type is supported. RFC 8414 §2 requires
      // the member but not a value; OpenID Connect Discovery would want "code", which would send clients
      // to an endpoint that does not exist. The authorization code issue adds "code".
      response_types_supported: [],
      // The scope catalogues of the registered content APIs (RFC 8414 §2: servers MAY leave some out;
      // platform scopes such as the admin API's are not advertised).
      scopes_supported: [
        ...new Set(apis.flatMap((api) => api.scopes.map((scope) => scope.name))),
      ].sort(),
    };
  }
}
