import { CredentialExpired, CredentialNotFound } from '../system-account.errors.js';

export type GrantType = 'client_credentials' | 'password';
export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post';
export type SystemAccountStatus = 'active' | 'disabled';

export const GRANT_TYPES: readonly GrantType[] = ['client_credentials', 'password'];
export const TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
];

/** The legacy `password` grant is never on by default: it must be asked for. */
export const DEFAULT_GRANT_TYPES: readonly GrantType[] = ['client_credentials'];
export const DEFAULT_TOKEN_ENDPOINT_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
];

/** Bounds of a per-account access token lifetime; null leaves the authorization server's default. */
export const ACCESS_TOKEN_TTL_SECONDS = { min: 60, max: 86_400 } as const;

/** A client secret as stored: its keyed hash only, never the secret. */
export interface SecretCredential {
  readonly id: string;
  /** HMAC-SHA256 under CREDENTIALS_HASH_KEY, lowercase hex. */
  readonly hash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
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
  readonly secrets: readonly SecretCredential[];
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
}

/** A new active account at version 1 with its first secret; unset settings take the defaults. */
export function createSystemAccount(
  identity: { readonly id: string; readonly clientId: string },
  settings: SystemAccountSettings,
  secret: SecretCredential,
  now: Date,
): SystemAccount {
  return {
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
    secrets: [secret],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export function hasSecretHash(account: SystemAccount, hash: string): boolean {
  return account.secrets.some((secret) => secret.hash === hash);
}

/** Every existing secret stops working; `secret` is the only one left. */
export function replaceSecrets(
  account: SystemAccount,
  secret: SecretCredential,
  now: Date,
): SystemAccount {
  return { ...account, secrets: [secret], version: account.version + 1, updatedAt: now };
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
 * Adds `secret` and lets every secret still usable run out `overlapSeconds` from
 * now (sooner when it already ends sooner), so the client can switch without an
 * outage. Secrets already expired are dropped: the audit log keeps their history.
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
    .map((existing) => ({
      ...existing,
      expiresAt:
        existing.expiresAt !== null && existing.expiresAt.getTime() < overlapEnd.getTime()
          ? existing.expiresAt
          : overlapEnd,
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
