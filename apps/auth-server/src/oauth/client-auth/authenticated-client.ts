import type { ProjectedPlatformAccess } from '../../projection/entities/projected-client.entity.js';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** The client a token request authenticated as, with what grants need to decide. */
export interface AuthenticatedClient {
  readonly clientId: string;
  readonly enterpriseId: string | null;
  /** The enterprise's status when authenticated (always active then); null for platform clients. */
  readonly enterpriseStatus: string | null;
  readonly grantTypes: readonly string[];
  readonly accessTokenTtlSeconds: number | null;
  readonly platformAccess: ProjectedPlatformAccess | null;
  readonly authMethod: ClientAuthMethod;
}
