import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { AccessTokenGuard } from './access-token.guard.js';
import { AccessTokenStrategy } from './access-token.strategy.js';
import { AccessTokenVerifier } from './access-token-verifier.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import { DpopRequestVerifier } from './dpop-request.verifier.js';
import { JwksKeyProvider } from './jwks-key-provider.js';
import { ScopesGuard } from './scopes.guard.js';

/**
 * Token acceptance for a resource server: a global guard (token on every route
 * unless @Public()), then scopes. Contract and revocation checks come from the
 * app's ACCESS_STATUS_CHECK provider.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: AuthModule,
      imports: [PassportModule],
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        JwksKeyProvider,
        AccessTokenVerifier,
        DpopRequestVerifier,
        AccessTokenStrategy,
        { provide: APP_GUARD, useClass: AccessTokenGuard },
        { provide: APP_GUARD, useClass: ScopesGuard },
      ],
    };
  }
}
