import type { Type } from '@nestjs/common';
import type { GrantHandler } from './grant-handler.js';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant.js';
import { ClientCredentialsGrant } from './grants/client-credentials.grant.js';
import { PasswordGrant } from './grants/password.grant.js';
import { TokenExchangeGrant } from './grants/token-exchange.grant.js';
import { RefreshTokenGrant } from './grants/refresh-token.grant.js';

/** The grants this server offers. A new grant is a new file in grants/ and one line here. */
export const GRANT_HANDLER_TYPES: ReadonlyArray<Type<GrantHandler>> = [
  ClientCredentialsGrant,
  PasswordGrant,
  TokenExchangeGrant,
  AuthorizationCodeGrant,
  RefreshTokenGrant,
];

/** grant_type → handler. */
export class GrantRegistry {
  private readonly handlers: ReadonlyMap<string, GrantHandler>;

  constructor(handlers: readonly GrantHandler[]) {
    this.handlers = new Map(handlers.map((handler) => [handler.grantType, handler]));
  }

  get(grantType: string): GrantHandler | undefined {
    return this.handlers.get(grantType);
  }

  /** For discovery (RFC 8414 grant_types_supported). */
  grantTypes(): string[] {
    return [...this.handlers.keys()];
  }
}
