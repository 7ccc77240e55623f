import type { ProjectedPlatformAccess } from '../../projection/entities/projected-client.entity.js';

/** `none`: a public client (RFC 6749 §2.1) that sends only its client_id. */
export type ClientAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';

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
  /**
   * The id of the client secret that authenticated this request (client_secret_basic or
   * client_secret_post); undefined for private_key_jwt and public clients. Access tokens carry
   * it as `credential_id`, so revoking that secret takes the tokens it obtained with it.
   */
  readonly credentialId?: string;
  /** A protected-resource client's content API (RFC 7662 §2.1): it introspects, it gets no token. */
  readonly resourceServerFor: string | null;
  /** `fapi2`: the FAPI 2.0 Security Profile's rules apply to this client's requests. */
  readonly securityProfile: 'fapi2' | null;
}
