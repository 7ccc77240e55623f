import { Injectable } from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { ContentApisRepository } from '../../projection/content-apis.repository.js';
import { InvalidScope } from '../oauth.errors.js';
import { knownScopes, unknownScopes } from './domain/scope-catalogue.js';

/** The client's part of the rule: its platform access defines scopes for its audience. */
export interface ScopeCatalogueClient {
  readonly platformAccess: { readonly audience: string; readonly scopes: readonly string[] } | null;
}

/**
 * The scopes that exist, from the projected content APIs' catalogues (this instance's memory),
 * the account service's scopes and the OpenID Connect scopes (`domain/scope-catalogue.ts`).
 */
@Injectable()
export class ScopeCatalogue {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly contentApis: ContentApisRepository,
  ) {}

  /** The requested scopes none of the targets (all of them when none is named) define. */
  async unknown(
    requested: readonly string[] | undefined,
    resources: readonly string[],
    client: ScopeCatalogueClient,
  ): Promise<string[]> {
    if (requested === undefined || requested.length === 0) {
      return [];
    }
    const known = knownScopes({
      catalogues: await this.contentApis.findAll(),
      accountServiceAudience: this.config.ACCOUNT_SERVICE_AUDIENCE,
      platformAccess: client.platformAccess,
      resources,
    });
    return unknownScopes(requested, known);
  }

  /** RFC 6749 §5.2: an unknown scope is `invalid_scope`. Throws InvalidScope. */
  async assertKnown(
    requested: readonly string[] | undefined,
    resource: string | null | undefined,
    client: ScopeCatalogueClient,
  ): Promise<void> {
    const unknown = await this.unknown(
      requested,
      resource === null || resource === undefined ? [] : [resource],
      client,
    );
    if (unknown.length > 0) {
      throw new InvalidScope(unknownScopeDescription(unknown));
    }
  }
}

export function unknownScopeDescription(unknown: readonly string[]): string {
  return `unknown scope: ${unknown.join(' ')}`;
}
