import { SUPPORTED_ACR_VALUES } from '../../second-factor/domain/authentication-context.js';
import { Injectable } from '@nestjs/common';
import { DPOP_SIGNING_ALGORITHMS } from '@charter/auth/dpop';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContentApisRepository } from '../../projection/content-apis.repository.js';
import { CLIENT_AUTH_METHODS } from '../client-auth/client-authenticator.js';
import { CLIENT_ASSERTION_ALGORITHMS } from '../client-auth/domain/client-assertion.js';
import { ID_TOKEN_SIGNING_ALGORITHMS } from '../token/domain/id-token-algorithm.js';
import { IDENTITY_SCOPES } from '../token/domain/user-access-selection.js';
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
  readonly authorization_endpoint: string;
  readonly code_challenge_methods_supported: readonly string[];
  readonly authorization_response_iss_parameter_supported: boolean;
  readonly response_modes_supported: readonly string[];
  readonly userinfo_endpoint: string;
  readonly end_session_endpoint: string;
  readonly subject_types_supported: readonly string[];
  readonly id_token_signing_alg_values_supported: readonly string[];
  readonly claims_supported: readonly string[];
  readonly prompt_values_supported: readonly string[];
  readonly acr_values_supported: readonly string[];
  readonly dpop_signing_alg_values_supported: readonly string[];
  readonly pushed_authorization_request_endpoint: string;
  readonly require_pushed_authorization_requests: boolean;
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
      // Public clients (`none`) at the token endpoint (authorization code with PKCE, refresh) and
      // at revocation (RFC 7009 §2.1), never at introspection (RFC 7662 §2.1 requires authorization).
      token_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'none'],
      // RFC 8414 §2: the algorithms a private_key_jwt assertion may be signed with.
      token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      // RFC 8414 §2: revocation (RFC 7009) and introspection (RFC 7662) authenticate the client
      // as the token endpoint does.
      revocation_endpoint: `${issuer}/revoke`,
      revocation_endpoint_auth_methods_supported: [...CLIENT_AUTH_METHODS, 'none'],
      revocation_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      introspection_endpoint: `${issuer}/introspect`,
      introspection_endpoint_auth_methods_supported: CLIENT_AUTH_METHODS,
      introspection_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGORITHMS,
      // RFC 6749 §3.1 / OIDC Core §3: the code flow only, PKCE S256 only (RFC 7636), RFC 9207 iss.
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      authorization_endpoint: `${issuer}/authorize`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      prompt_values_supported: ['none', 'login', 'consent'],
      // OIDC Discovery §3: the classes acr_values may ask for (a second factor: ACR_MFA).
      acr_values_supported: SUPPORTED_ACR_VALUES,
      // RFC 9449 §5.1: the algorithms a DPoP proof may be signed with.
      dpop_signing_alg_values_supported: DPOP_SIGNING_ALGORITHMS,
      // RFC 9126 §5.
      pushed_authorization_request_endpoint: `${issuer}/par`,
      require_pushed_authorization_requests: this.config.PAR_REQUIRED,
      // OpenID Connect Discovery 1.0 §3.
      userinfo_endpoint: `${issuer}/userinfo`,
      end_session_endpoint: `${issuer}/logout`,
      subject_types_supported: ['public'],
      // OIDC Discovery §3: MUST include RS256 (OIDC Core §15.1). Each client's ID tokens use its
      // id_token_signed_response_alg; access tokens stay on KEYS_ALGORITHM.
      id_token_signing_alg_values_supported: ID_TOKEN_SIGNING_ALGORITHMS,
      claims_supported: [
        'iss',
        'sub',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'at_hash',
        'amr',
        'acr',
        'email',
        'email_verified',
        'name',
      ],
      // The scope catalogues of the registered content APIs (RFC 8414 §2: servers MAY leave some out;
      // platform scopes such as the admin API's are not advertised).
      scopes_supported: [
        ...IDENTITY_SCOPES,
        ...[...new Set(apis.flatMap((api) => api.scopes.map((scope) => scope.name)))].sort(),
      ],
    };
  }
}
