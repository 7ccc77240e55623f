import { Module } from '@nestjs/common';
import { AuthServerConfig } from '../config/auth-server.config.js';
import {
  AuthorizationCodesRepository,
  SqlAuthorizationCodesRepository,
} from './authorize/authorization-codes.repository.js';
import { AuthorizeController } from './authorize/authorize.controller.js';
import { AuthorizeService } from './authorize/authorize.service.js';
import { ConsentsRepository, SqlConsentsRepository } from './authorize/consents.repository.js';
import { LogoutController } from './logout/logout.controller.js';
import { LogoutService } from './logout/logout.service.js';
import { ExpiredStatePruner } from './pruning/expired-state.pruner.js';
import {
  LoginSessionsRepository,
  SqlLoginSessionsRepository,
} from './session/login-sessions.repository.js';
import { IdTokenIssuer } from './token/id-token.issuer.js';
import {
  SqlTokenFamiliesRepository,
  TokenFamiliesRepository,
} from './token/token-families.repository.js';
import { UserTokens } from './token/user-tokens.service.js';
import { ScopeCatalogue } from './token/scope-catalogue.js';
import { UserInfoController } from './userinfo/userinfo.controller.js';
import { UserInfoService } from './userinfo/userinfo.service.js';
import { ClientAuthenticator, SECRET_HASHER } from './client-auth/client-authenticator.js';
import { PrivateKeyJwtVerifier } from './client-auth/private-key-jwt.js';
import { SecretHasher } from './client-auth/secret-hasher.js';
import { SecretRekeys, SqlSecretRekeys } from './client-auth/secret-rekeys.js';
import { UsedClientAssertionsPruner } from './client-auth/used-client-assertions.pruner.js';
import {
  TypeOrmUsedClientAssertionsRepository,
  UsedClientAssertionsRepository,
} from './client-auth/used-client-assertions.repository.js';
import { DiscoveryController } from './discovery/discovery.controller.js';
import { DiscoveryService } from './discovery/discovery.service.js';
import { IntrospectController } from './introspect/introspect.controller.js';
import { IntrospectionEndpoint } from './introspect/introspection-endpoint.service.js';
import { JwksController } from './jwks/jwks.controller.js';
import { RevocationEndpoint } from './revoke/revocation-endpoint.service.js';
import { RevokeController } from './revoke/revoke.controller.js';
import { RevokedTokensPruner } from './revoke/revoked-tokens.pruner.js';
import {
  RevokedTokensRepository,
  TypeOrmRevokedTokensRepository,
} from './revoke/revoked-tokens.repository.js';
import { AccessTokenIssuer } from './token/access-token.issuer.js';
import { AccessTokenVerifier } from './token/access-token.verifier.js';
import type { GrantHandler } from './token/grant-handler.js';
import { GRANT_HANDLER_TYPES, GrantRegistry } from './token/grant-registry.js';
import { TokenAudit } from './token/token-audit.js';
import { TokenMetrics } from './token/token-metrics.js';
import { TokenEndpoint } from './token/token-endpoint.service.js';
import { TokenController } from './token/token.controller.js';
import { FormProtection } from './session/form-protection.js';
import { DpopProofChecker } from './dpop/dpop-proof.checker.js';
import { ParController } from './par/par.controller.js';
import { ParEndpoint } from './par/par-endpoint.service.js';
import {
  PushedRequestsRepository,
  SqlPushedRequestsRepository,
} from './par/pushed-requests.repository.js';
import {
  SqlUsedDpopProofsRepository,
  UsedDpopProofsRepository,
} from './dpop/used-dpop-proofs.repository.js';

/** The OAuth 2.0 endpoints: token, revocation, introspection, discovery, JWKS. */
@Module({
  controllers: [
    TokenController,
    ParController,
    RevokeController,
    IntrospectController,
    DiscoveryController,
    JwksController,
    AuthorizeController,
    UserInfoController,
    LogoutController,
  ],
  providers: [
    {
      provide: SECRET_HASHER,
      useFactory: (config: AuthServerConfig) => new SecretHasher(config.credentialsHashKeys()),
      inject: [AuthServerConfig],
    },
    PrivateKeyJwtVerifier,
    { provide: UsedClientAssertionsRepository, useClass: TypeOrmUsedClientAssertionsRepository },
    UsedClientAssertionsPruner,
    { provide: SecretRekeys, useClass: SqlSecretRekeys },
    ClientAuthenticator,
    // DPoP (RFC 9449): proofs at the token endpoint, replay store shared by every instance.
    { provide: UsedDpopProofsRepository, useClass: SqlUsedDpopProofsRepository },
    DpopProofChecker,
    // Pushed authorization requests (RFC 9126).
    { provide: PushedRequestsRepository, useClass: SqlPushedRequestsRepository },
    ParEndpoint,
    AccessTokenIssuer,
    ...GRANT_HANDLER_TYPES,
    {
      provide: GrantRegistry,
      useFactory: (...handlers: GrantHandler[]) => new GrantRegistry(handlers),
      inject: [...GRANT_HANDLER_TYPES],
    },
    TokenAudit,
    TokenMetrics,
    TokenEndpoint,
    AccessTokenVerifier,
    { provide: RevokedTokensRepository, useClass: TypeOrmRevokedTokensRepository },
    RevokedTokensPruner,
    RevocationEndpoint,
    IntrospectionEndpoint,
    DiscoveryService,
    // Authorization code flow, SSO session, OpenID Connect.
    { provide: LoginSessionsRepository, useClass: SqlLoginSessionsRepository },
    FormProtection,
    { provide: ConsentsRepository, useClass: SqlConsentsRepository },
    { provide: AuthorizationCodesRepository, useClass: SqlAuthorizationCodesRepository },
    { provide: TokenFamiliesRepository, useClass: SqlTokenFamiliesRepository },
    IdTokenIssuer,
    UserTokens,
    ScopeCatalogue,
    AuthorizeService,
    UserInfoService,
    LogoutService,
    ExpiredStatePruner,
  ],
})
export class OAuthModule {}
