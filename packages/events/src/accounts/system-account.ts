import { z } from 'zod';
import { defineEvent, type SealedFields } from '../define-event.js';

/** Token exchange (RFC 8693 §2.1). */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

export const GrantType = z.enum([
  'client_credentials',
  'password',
  'authorization_code',
  'refresh_token',
  TOKEN_EXCHANGE_GRANT,
]);
export type GrantType = z.infer<typeof GrantType>;

/** `none`: a public client (RFC 6749 §2.1), which may only use the authorization code grant with PKCE. */
export const TokenEndpointAuthMethod = z.enum([
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
]);
export type TokenEndpointAuthMethod = z.infer<typeof TokenEndpointAuthMethod>;

/**
 * The JWS algorithm of the client's ID tokens (OpenID Connect Dynamic Client Registration 1.0 §2
 * `id_token_signed_response_alg`); null means RS256, the default there and in OIDC Core §15.1.
 */
export const IdTokenSignedResponseAlg = z.enum(['RS256', 'ES256', 'PS256']);
export type IdTokenSignedResponseAlg = z.infer<typeof IdTokenSignedResponseAlg>;

/**
 * A client's security profile: `fapi2` holds it to the FAPI 2.0 Security Profile (PAR, PKCE
 * S256, private_key_jwt, DPoP-bound tokens, ES256/PS256, short codes, no password grant).
 */
export const SecurityProfile = z.enum(['fapi2']);
export type SecurityProfile = z.infer<typeof SecurityProfile>;

/**
 * A client secret as the authorization server needs it: never the secret, only
 * its keyed hash (HMAC-SHA256 under the shared credentials key), as lowercase hex.
 */
export const SecretCredential = z.object({
  id: z.uuid(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type SecretCredential = z.infer<typeof SecretCredential>;

/**
 * What every consumer may know of a client secret: which one it is and while it is good,
 * never its hash. Resource servers refuse the tokens a secret obtained (`credential_id`)
 * once it is revoked or expired; the hashes themselves travel sealed to the auth-server.
 */
export const CredentialStanding = z.object({
  id: z.uuid(),
  expiresAt: z.iso.datetime({ offset: true }).nullable(),
});
export type CredentialStanding = z.infer<typeof CredentialStanding>;

/** The public standing of each secret, as the account service publishes it beside the sealed hashes. */
export function credentialStanding(
  secrets: ReadonlyArray<{ readonly id: string; readonly expiresAt: string | null }>,
): CredentialStanding[] {
  return secrets.map((secret) => ({ id: secret.id, expiresAt: secret.expiresAt }));
}

/** Access that needs no contract: the platform's own admin accounts. */
export const PlatformAccess = z.object({
  audience: z.string().min(1),
  scopes: z.array(z.string().min(1)).min(1),
});
export type PlatformAccess = z.infer<typeof PlatformAccess>;

export const SystemAccountState = z.object({
  id: z.uuid(),
  clientId: z.string().min(1),
  name: z.string().min(1),
  /** Null for platform accounts, which belong to no enterprise. */
  enterpriseId: z.uuid().nullable(),
  status: z.enum(['active', 'disabled']),
  grantTypes: z.array(GrantType).min(1),
  tokenEndpointAuthMethods: z.array(TokenEndpointAuthMethod).min(1),
  accessTokenTtlSeconds: z.number().int().positive().nullable(),
  platformAccess: PlatformAccess.nullable(),
  secrets: z.array(SecretCredential),
  // Added after schema version 1 went out: each has a default, so an older event still validates.
  /** The secrets' ids and ends, readable by every consumer (`secrets` is sealed). */
  credentials: z.array(CredentialStanding).default([]),
  /** Exact-match redirect URIs (RFC 6749 §3.1.2) of an interactive client; empty for machine clients. */
  redirectUris: z.array(z.string().min(1)).default([]),
  /** Where RP-initiated logout may send the user back to (OpenID Connect RP-Initiated Logout §2). */
  postLogoutRedirectUris: z.array(z.string().min(1)).default([]),
  /** PKCE S256 on every authorization request; always true for public clients (`none`). */
  requirePkce: z.boolean().default(true),
  /** The client's public keys for private_key_jwt (RFC 7523), inline: a JWK Set. */
  jwks: z
    .object({ keys: z.array(z.record(z.string(), z.unknown())) })
    .nullable()
    .default(null),
  /** Or where to fetch them. At most one of `jwks` and `jwksUri` is set. */
  jwksUri: z.string().min(1).nullable().default(null),
  /** How the client's ID tokens are signed; null (and older events): RS256. */
  idTokenSignedResponseAlg: IdTokenSignedResponseAlg.nullable().default(null),
  /**
   * Set for a protected-resource client (RFC 7662 §2.1): a platform account (no enterprise)
   * that represents the content API with this resource indicator. It may introspect the tokens
   * whose `aud` is that resource, and gets no token at the token endpoint.
   */
  resourceServerFor: z.string().min(1).nullable().default(null),
  /** The client's security profile; null (and older events): none beyond the settings above. */
  securityProfile: SecurityProfile.nullable().default(null),
  /** Set when the account was deleted (soft deletion): it gets no token from then on. */
  deletedAt: z.iso.datetime({ offset: true }).nullable().default(null),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type SystemAccountState = z.infer<typeof SystemAccountState>;

/**
 * The secret hashes are for the authorization server alone: sealed to it on the bus; every other
 * consumer sees `secrets: []`.
 */
export const SYSTEM_ACCOUNT_SEALED_FIELDS: SealedFields = {
  reader: 'auth-server',
  withheld: { secrets: [] },
};

export const SystemAccountCreated = defineEvent({
  type: 'SystemAccountCreated',
  subject: 'accounts.system-account.created',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});

export const SystemAccountUpdated = defineEvent({
  type: 'SystemAccountUpdated',
  subject: 'accounts.system-account.updated',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});

/** A new client secret was added; the previous ones expire at the overlap the admin chose (their `expiresAt`). */
export const SystemAccountSecretRotated = defineEvent({
  type: 'SystemAccountSecretRotated',
  subject: 'accounts.system-account.secret-rotated',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});

/** A client secret was revoked: its `expiresAt` is the moment of revocation, so it is refused from then on. */
export const SystemAccountSecretRevoked = defineEvent({
  type: 'SystemAccountSecretRevoked',
  subject: 'accounts.system-account.secret-revoked',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});

/** The account was deleted (soft deletion: the row and its history stay); it gets no token from then on. */
export const SystemAccountDeleted = defineEvent({
  type: 'SystemAccountDeleted',
  subject: 'accounts.system-account.deleted',
  schemaVersion: 1,
  aggregateType: 'system-account',
  data: SystemAccountState,
  sealed: SYSTEM_ACCOUNT_SEALED_FIELDS,
});
