import { credentialStanding, type SystemAccountState } from '@charter/events';
import type { SystemAccount } from './domain/system-account.js';

/**
 * The system account as its events carry it: secrets as keyed hashes only (sealed to the
 * auth-server on the bus), and their ids and ends as `credentials` for every other consumer.
 */
export function toSystemAccountState(account: SystemAccount): SystemAccountState {
  const secrets = account.secrets.map((secret) => ({
    id: secret.id,
    hash: secret.hash,
    createdAt: secret.createdAt.toISOString(),
    expiresAt: secret.expiresAt === null ? null : secret.expiresAt.toISOString(),
  }));
  return {
    id: account.id,
    clientId: account.clientId,
    name: account.name,
    enterpriseId: account.enterpriseId,
    status: account.status,
    grantTypes: [...account.grantTypes],
    tokenEndpointAuthMethods: [...account.tokenEndpointAuthMethods],
    accessTokenTtlSeconds: account.accessTokenTtlSeconds,
    platformAccess:
      account.platformAccess === null
        ? null
        : { audience: account.platformAccess.audience, scopes: [...account.platformAccess.scopes] },
    secrets,
    credentials: credentialStanding(secrets),
    redirectUris: [...account.redirectUris],
    postLogoutRedirectUris: [...account.postLogoutRedirectUris],
    requirePkce: account.requirePkce,
    jwks: account.jwks === null ? null : { keys: account.jwks.keys.map((key) => ({ ...key })) },
    jwksUri: account.jwksUri,
    idTokenSignedResponseAlg: account.idTokenSignedResponseAlg,
    resourceServerFor: account.resourceServerFor,
    securityProfile: account.securityProfile,
    deletedAt: account.deletedAt === null ? null : account.deletedAt.toISOString(),
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}
