import {
  ClientUsesNoSecret,
  PlatformAccountProtected,
  SystemAccountDeleted,
  CredentialExpired,
  CredentialNotFound,
} from '../system-account.errors.js';
import { assertClientSettings, isPublicClient, usesClientSecret } from './client-settings.js';

/** Token exchange (RFC 8693 §2.1). */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';

export type GrantType =
  | 'client_credentials'
  | 'password'
  | 'authorization_code'
  | 'refresh_token'
  | typeof TOKEN_EXCHANGE_GRANT;
/** `none`: a public client (RFC 6749 §2.1), with no secret. */
export type TokenEndpointAuthMethod =
  'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
export type SystemAccountStatus = 'active' | 'disabled';

export const GRANT_TYPES: readonly GrantType[] = [
  'client_credentials',
  'password',
  'authorization_code',
  'refresh_token',
  TOKEN_EXCHANGE_GRANT,
];
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
  'private_key_jwt',
  'none',
];

/**
 * How the authorization server signs the client's ID tokens (OpenID Connect Dynamic Client
 * Registration 1.0 §2 `id_token_signed_response_alg`). Null means RS256: the default there,
 * and the algorithm OIDC Core §15.1 makes mandatory to implement.
 */
export type IdTokenSignedResponseAlg = 'RS256' | 'ES256' | 'PS256';
export const ID_TOKEN_SIGNED_RESPONSE_ALGS: readonly IdTokenSignedResponseAlg[] = [
  'RS256',
  'ES256',
  'PS256',
];

/**
 * A client's security profile. `fapi2`: the FAPI 2.0 Security Profile's rules, checked here on
 * the settings (client-settings.ts) and enforced per request by the authorization server.
 */
export type SecurityProfile = 'fapi2';
export const SECURITY_PROFILES: readonly SecurityProfile[] = ['fapi2'];

/** A JWK Set (RFC 7517 §5) of the client's public keys, for private_key_jwt. */
export interface JsonWebKeySet {
  readonly keys: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

/** The legacy `password` grant is never on by default: it must be asked for. */
export const DEFAULT_GRANT_TYPES: readonly GrantType[] = ['client_credentials'];
export const DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
];

/** Bounds of a per-account access token lifetime (from 5 s, for high-risk clients and expiry tests); null leaves the authorization server's default. */
export const ACCESS_TOKEN_TTL_SECONDS = { min: 5, max: 86_400 } as const;

/** A client secret as stored: its keyed hash only, never the secret. */
export interface SecretCredential {
  readonly id: string;
  /** HMAC-SHA256 under CREDENTIALS_HASH_KEY, lowercase hex. */
  readonly hash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  /** What the caller named it at rotation (`CI pipeline, 2026-Q3`); null when unnamed. */
  readonly label: string | null;
}

/** Access that needs no contract: the platform's own admin accounts. */
export interface PlatformAccess {
  readonly audience: string;
  readonly scopes: readonly string[];
}

/** An OAuth 2.0 confidential client (RFC 6749 §2.1) of an enterprise, or of the platform. */
export interface SystemAccount {
  readonly id: string;
  readonly clientId: string;
  readonly name: string;
  /** Null for platform accounts, which belong to no enterprise. */
  readonly enterpriseId: string | null;
  readonly status: SystemAccountStatus;
  readonly grantTypes: readonly GrantType[];
  readonly tokenEndpointAuthMethods: readonly TokenEndpointAuthMethod[];
  readonly accessTokenTtlSeconds: number | null;
  readonly platformAccess: PlatformAccess | null;
  /** Empty for public and private_key_jwt-only clients. */
  readonly secrets: readonly SecretCredential[];
  /** Exact-match redirect URIs (RFC 6749 §3.1.2) of an interactive client. */
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  /** PKCE S256 on every authorization request; always true for public clients. */
  readonly requirePkce: boolean;
  readonly jwks: JsonWebKeySet | null;
  readonly jwksUri: string | null;
  /** Null: RS256. */
  readonly idTokenSignedResponseAlg: IdTokenSignedResponseAlg | null;
  /** Null: no profile beyond the settings themselves. */
  readonly securityProfile: SecurityProfile | null;
  /**
   * A protected-resource client (RFC 7662 §2.1): the resource indicator of the content API
   * it represents, whose tokens it may introspect; null for every other client. Set at
   * creation only (it decides whose tokens the account may read), on a platform account.
   */
  readonly resourceServerFor: string | null;
  /** Soft deletion: once set, the account gets no token and takes no more changes. */
  readonly deletedAt: Date | null;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface SystemAccountSettings {
  readonly name: string;
  readonly enterpriseId: string | null;
  readonly grantTypes?: readonly GrantType[];
  readonly tokenEndpointAuthMethods?: readonly TokenEndpointAuthMethod[];
  readonly accessTokenTtlSeconds?: number | null;
  readonly platformAccess?: PlatformAccess | null;
  readonly redirectUris?: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly requirePkce?: boolean;
  readonly jwks?: JsonWebKeySet | null;
  readonly jwksUri?: string | null;
  readonly idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;
  /** A content API's resource indicator, already checked to exist; only with no enterprise. */
  readonly resourceServerFor?: string | null;
  readonly securityProfile?: SecurityProfile | null;
}

/**
 * What a PATCH may change; an absent member stays as it is (null unsets jwks, jwksUri, the
 * lifetime, the ID token algorithm and the security profile).
 */
export interface SystemAccountChanges {
  readonly name?: string;
  readonly grantTypes?: readonly GrantType[];
  readonly tokenEndpointAuthMethods?: readonly TokenEndpointAuthMethod[];
  readonly accessTokenTtlSeconds?: number | null;
  readonly redirectUris?: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[];
  readonly requirePkce?: boolean;
  readonly jwks?: JsonWebKeySet | null;
  readonly jwksUri?: string | null;
  readonly idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;
  readonly securityProfile?: SecurityProfile | null;
}

/** Whether a new account with these settings gets a server-generated client secret. */
export function needsClientSecret(settings: SystemAccountSettings): boolean {
  return usesClientSecret({
    tokenEndpointAuthMethods:
      settings.tokenEndpointAuthMethods ?? DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
  });
}

/**
 * A new active account at version 1 with its first secret (none for a client that
 * uses no secret: see needsClientSecret); unset settings take the defaults.
 * Throws InvalidClientSettings.
 */
export function createSystemAccount(
  identity: { readonly id: string; readonly clientId: string },
  settings: SystemAccountSettings,
  secret: SecretCredential | null,
  now: Date,
): SystemAccount {
  const account: SystemAccount = {
    id: identity.id,
    clientId: identity.clientId,
    name: settings.name,
    enterpriseId: settings.enterpriseId,
    status: 'active',
    grantTypes: unique(settings.grantTypes ?? DEFAULT_GRANT_TYPES),
    tokenEndpointAuthMethods: unique(
      settings.tokenEndpointAuthMethods ?? DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS,
    ),
    accessTokenTtlSeconds: settings.accessTokenTtlSeconds ?? null,
    platformAccess: settings.platformAccess ?? null,
    secrets: secret === null ? [] : [secret],
    redirectUris: unique(settings.redirectUris ?? []),
    postLogoutRedirectUris: unique(settings.postLogoutRedirectUris ?? []),
    requirePkce: settings.requirePkce ?? true,
    jwks: settings.jwks ?? null,
    jwksUri: settings.jwksUri ?? null,
    idTokenSignedResponseAlg: settings.idTokenSignedResponseAlg ?? null,
    securityProfile: settings.securityProfile ?? null,
    resourceServerFor: settings.resourceServerFor ?? null,
    deletedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  assertClientSettings(account);
  return account;
}

/**
 * Applies a PATCH; null when nothing would change. The settings are checked as a
 * whole after the change. A client that stops using client secrets loses the ones
 * it had (they stop working with the event); one that starts gets a secret by
 * rotation. Throws InvalidClientSettings.
 */
export function updateSystemAccount(
  account: SystemAccount,
  changes: SystemAccountChanges,
  now: Date,
): SystemAccount | null {
  assertSystemAccountNotDeleted(account);
  const next: SystemAccount = {
    ...account,
    name: changes.name ?? account.name,
    grantTypes: changes.grantTypes === undefined ? account.grantTypes : unique(changes.grantTypes),
    tokenEndpointAuthMethods:
      changes.tokenEndpointAuthMethods === undefined
        ? account.tokenEndpointAuthMethods
        : unique(changes.tokenEndpointAuthMethods),
    accessTokenTtlSeconds:
      changes.accessTokenTtlSeconds === undefined
        ? account.accessTokenTtlSeconds
        : changes.accessTokenTtlSeconds,
    redirectUris:
      changes.redirectUris === undefined ? account.redirectUris : unique(changes.redirectUris),
    postLogoutRedirectUris:
      changes.postLogoutRedirectUris === undefined
        ? account.postLogoutRedirectUris
        : unique(changes.postLogoutRedirectUris),
    requirePkce: changes.requirePkce ?? account.requirePkce,
    jwks: changes.jwks === undefined ? account.jwks : changes.jwks,
    jwksUri: changes.jwksUri === undefined ? account.jwksUri : changes.jwksUri,
    idTokenSignedResponseAlg:
      changes.idTokenSignedResponseAlg === undefined
        ? account.idTokenSignedResponseAlg
        : changes.idTokenSignedResponseAlg,
    securityProfile:
      changes.securityProfile === undefined ? account.securityProfile : changes.securityProfile,
  };
  const withSecrets = usesClientSecret(next) ? next : { ...next, secrets: [] };
  if (JSON.stringify(withSecrets) === JSON.stringify(account)) {
    return null;
  }
  assertClientSettings(withSecrets);
  return { ...withSecrets, version: account.version + 1, updatedAt: now };
}

/** Rotation needs a client that authenticates with secrets. Throws ClientUsesNoSecret. */
export function assertUsesClientSecret(account: SystemAccount): void {
  assertSystemAccountNotDeleted(account);
  if (!usesClientSecret(account) || isPublicClient(account)) {
    throw new ClientUsesNoSecret(account.id);
  }
}

export function hasSecretHash(account: SystemAccount, hash: string): boolean {
  return account.secrets.some((secret) => secret.hash === hash);
}

/** Every existing secret not in `secrets` stops working; `secrets` are the ones left. */
export function replaceSecrets(
  account: SystemAccount,
  secrets: readonly SecretCredential[],
  now: Date,
): SystemAccount {
  return { ...account, secrets: [...secrets], version: account.version + 1, updatedAt: now };
}

/** How long a rotated-out secret keeps working, in seconds: at most 30 days, 24 hours unless chosen. */
export const ROTATION_OVERLAP_SECONDS = {
  min: 0,
  max: 30 * 24 * 60 * 60,
  default: 24 * 60 * 60,
} as const;

/** Whether the secret still authenticates at `now` (the auth-server applies the same rule). */
export function isSecretUsable(secret: SecretCredential, now: Date): boolean {
  return secret.expiresAt === null || now.getTime() < secret.expiresAt.getTime();
}

/**
 * Adds `secret` and lets every secret still usable with no end run out `overlapSeconds`
 * from now, so the client can switch without an outage; a secret already ending (an
 * earlier rotation's overlap) keeps its end, sooner or later. Secrets already expired are dropped: the audit log keeps their history.
 */
export function rotateSecret(
  account: SystemAccount,
  secret: SecretCredential,
  overlapSeconds: number,
  now: Date,
): SystemAccount {
  const overlapEnd = new Date(now.getTime() + overlapSeconds * 1000);
  const kept = account.secrets
    .filter((existing) => isSecretUsable(existing, now))
    // A secret already ending (an earlier rotation's overlap) keeps its end: a second rotation
    // never shortens the first one's overlap. Only a secret with no end gets this overlap's.
    .map((existing) => ({
      ...existing,
      expiresAt: existing.expiresAt ?? overlapEnd,
    }));
  return {
    ...account,
    secrets: [...kept, secret],
    version: account.version + 1,
    updatedAt: now,
  };
}

/** The secret stops working now. Throws CredentialNotFound, or CredentialExpired when it already has. */
export function revokeSecret(
  account: SystemAccount,
  credentialId: string,
  now: Date,
): SystemAccount {
  assertSystemAccountNotDeleted(account);
  const target = account.secrets.find((secret) => secret.id === credentialId);
  if (!target) {
    throw new CredentialNotFound(account.id, credentialId);
  }
  if (!isSecretUsable(target, now)) {
    throw new CredentialExpired(credentialId);
  }
  return {
    ...account,
    secrets: account.secrets.map((secret) =>
      secret.id === credentialId ? { ...secret, expiresAt: now } : secret,
    ),
    version: account.version + 1,
    updatedAt: now,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * Soft deletion: final; the account gets no token from then on. A platform account
 * (the admin client) cannot be deleted: that would lock every admin out. Throws
 * SystemAccountDeleted, PlatformAccountProtected.
 */
export function deleteSystemAccount(account: SystemAccount, now: Date): SystemAccount {
  assertSystemAccountNotDeleted(account);
  // A resource server's account locks nobody out: it may go like an enterprise's.
  if (account.enterpriseId === null && account.resourceServerFor === null) {
    throw new PlatformAccountProtected(account.id);
  }
  return { ...account, deletedAt: now, version: account.version + 1, updatedAt: now };
}

/** A deleted account takes no more changes. Throws SystemAccountDeleted. */
export function assertSystemAccountNotDeleted(account: SystemAccount): void {
  if (account.deletedAt !== null) {
    throw new SystemAccountDeleted(account.id);
  }
}
