import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { FieldError } from '@charter/service-kit';
import { InvalidClientSettings } from '../system-account.errors.js';
import { fapi2Problems } from './fapi2-profile.js';
import type {
  GrantType,
  IdTokenSignedResponseAlg,
  JsonWebKeySet,
  SecurityProfile,
  TokenEndpointAuthMethod,
} from './system-account.js';

/** How a client authenticates and which grants it may use: the settings checked together. */
export interface ClientSettings {
  readonly grantTypes: readonly GrantType[];
  readonly tokenEndpointAuthMethods: readonly TokenEndpointAuthMethod[];
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
  readonly requirePkce: boolean;
  readonly jwks: JsonWebKeySet | null;
  readonly jwksUri: string | null;
  /** A protected-resource client's content API (resource indicator), or null. */
  readonly resourceServerFor?: string | null;
  /** Null for platform accounts (and so for every resource server). */
  readonly enterpriseId?: string | null;
  /** Null: RS256. */
  readonly idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;
  /** `fapi2`: the settings must also keep the FAPI 2.0 rules (fapi2-profile.ts). */
  readonly securityProfile?: SecurityProfile | null;
}

export const CLIENT_SETTINGS_LIMITS = {
  redirectUris: 20,
  uriLength: 2048,
  jwksKeys: 10,
} as const;

const SECRET_METHODS: readonly TokenEndpointAuthMethod[] = [
  'client_secret_basic',
  'client_secret_post',
];

/** RFC 6749 §2.1: a public client has no credentials; it may only take the redirect-based grants. */
const PUBLIC_CLIENT_GRANTS: readonly GrantType[] = ['authorization_code', 'refresh_token'];

/** JWK members that belong to a private (or symmetric) key (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** A public client (`none`): no secret, PKCE always. */
export function isPublicClient(
  settings: Pick<ClientSettings, 'tokenEndpointAuthMethods'>,
): boolean {
  return settings.tokenEndpointAuthMethods.includes('none');
}

/** Whether the client authenticates with a client secret (so it has, and may rotate, secrets). */
export function usesClientSecret(
  settings: Pick<ClientSettings, 'tokenEndpointAuthMethods'>,
): boolean {
  return settings.tokenEndpointAuthMethods.some((method) => SECRET_METHODS.includes(method));
}

/**
 * Why a redirect URI is refused, or null. RFC 6749 §3.1.2: absolute, no fragment;
 * RFC 9700 §2.1 / RFC 8252 §7.3: https, or http on a loopback host only.
 */
export function redirectUriProblem(value: string): string | null {
  if (value.length > CLIENT_SETTINGS_LIMITS.uriLength || !/^[\x21-\x7E]+$/.test(value)) {
    return `must be at most ${CLIENT_SETTINGS_LIMITS.uriLength} printable ASCII characters`;
  }
  if (!URL.canParse(value)) {
    return 'must be an absolute URI';
  }
  const url = new URL(value);
  if (value.includes('#')) {
    return 'must not have a fragment';
  }
  if (url.protocol === 'https:') {
    return null;
  }
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) {
    return null;
  }
  return 'must use https (http only for localhost, 127.0.0.1 or [::1])';
}

/** Why a JWK is refused as a client's public key, or null: EC or RSA public keys only. */
export function publicJwkProblem(key: unknown): string | null {
  if (key === null || typeof key !== 'object' || Array.isArray(key)) {
    return 'must be a JWK object';
  }
  const jwk = key as Record<string, unknown>;
  const privateMembers = PRIVATE_MEMBERS.filter((member) => member in jwk);
  if (privateMembers.length > 0) {
    return `must be a public key: remove ${privateMembers.join(', ')}`;
  }
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA') {
    return 'kty must be EC or RSA';
  }
  try {
    const parsed = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    return parsed.type === 'public' ? null : 'must be a public key';
  } catch {
    return jwk.kty === 'EC'
      ? 'must be a valid EC public key (crv, x, y)'
      : 'must be a valid RSA public key (n, e)';
  }
}

/**
 * Every rule across the settings, as field errors (pointers into the request),
 * so the caller learns all that is wrong at once. Throws InvalidClientSettings.
 */
export function assertClientSettings(settings: ClientSettings): void {
  const errors: FieldError[] = [];
  settings.redirectUris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri);
    if (problem !== null) {
      errors.push({ pointer: `/redirectUris/${index}`, detail: problem });
    }
  });
  settings.postLogoutRedirectUris.forEach((uri, index) => {
    const problem = redirectUriProblem(uri);
    if (problem !== null) {
      errors.push({ pointer: `/postLogoutRedirectUris/${index}`, detail: problem });
    }
  });
  // RFC 6749 §3.1.2.2: a client using the authorization endpoint registers its redirect URIs.
  if (settings.grantTypes.includes('authorization_code') && settings.redirectUris.length === 0) {
    errors.push({
      pointer: '/redirectUris',
      detail: 'must hold at least one URI for authorization_code',
    });
  }
  if (isPublicClient(settings)) {
    if (settings.tokenEndpointAuthMethods.length > 1) {
      errors.push({
        pointer: '/tokenEndpointAuthMethods',
        detail: 'none (a public client) cannot be combined with another method',
      });
    }
    if (settings.grantTypes.some((grant) => !PUBLIC_CLIENT_GRANTS.includes(grant))) {
      errors.push({
        pointer: '/grantTypes',
        detail: 'a public client (none) may only use authorization_code and refresh_token',
      });
    }
    // RFC 9700 §2.1.1: PKCE is what protects a public client's codes.
    if (!settings.requirePkce) {
      errors.push({ pointer: '/requirePkce', detail: 'must be true for a public client (none)' });
    }
  }
  if (settings.jwks !== null && settings.jwksUri !== null) {
    errors.push({ pointer: '/jwksUri', detail: 'jwks and jwksUri are mutually exclusive' });
  }
  if (settings.tokenEndpointAuthMethods.includes('private_key_jwt')) {
    if (settings.jwks === null && settings.jwksUri === null) {
      errors.push({ pointer: '/jwks', detail: 'private_key_jwt needs jwks or jwksUri' });
    }
  } else if (settings.jwks !== null || settings.jwksUri !== null) {
    errors.push({
      pointer: settings.jwks !== null ? '/jwks' : '/jwksUri',
      detail: 'only for private_key_jwt',
    });
  }
  if (settings.jwks !== null) {
    const keys: unknown = (settings.jwks as { keys?: unknown }).keys;
    if (
      !Array.isArray(keys) ||
      keys.length === 0 ||
      keys.length > CLIENT_SETTINGS_LIMITS.jwksKeys
    ) {
      errors.push({
        pointer: '/jwks/keys',
        detail: `must be a list of 1 to ${CLIENT_SETTINGS_LIMITS.jwksKeys} keys`,
      });
    } else {
      keys.forEach((key, index) => {
        const problem = publicJwkProblem(key);
        if (problem !== null) {
          errors.push({ pointer: `/jwks/keys/${index}`, detail: problem });
        }
      });
    }
  }
  if (settings.jwksUri !== null) {
    const problem = redirectUriProblem(settings.jwksUri);
    if (problem !== null) {
      errors.push({ pointer: '/jwksUri', detail: problem });
    }
  }
  errors.push(...resourceServerProblems(settings));
  if (settings.securityProfile === 'fapi2') {
    errors.push(...fapi2Problems(settings));
  }
  if (errors.length > 0) {
    throw new InvalidClientSettings(errors);
  }
}

/**
 * A protected-resource client (RFC 7662 §2.1) is the content API itself, not a client acting
 * for anyone: a platform account (an enterprise's account reading the provider's tokens would
 * cross the contract boundary), confidential (§2.1: the endpoint MUST require authorization), and
 * with nothing interactive. It gets no token at all: the authorization server refuses it at
 * /token; grantTypes keeps only the default client_credentials because an account names one.
 */
function resourceServerProblems(settings: ClientSettings): FieldError[] {
  if ((settings.resourceServerFor ?? null) === null) {
    return [];
  }
  const errors: FieldError[] = [];
  if ((settings.enterpriseId ?? null) !== null) {
    errors.push({
      pointer: '/enterpriseId',
      detail: 'must be absent for a resource server (resourceServerFor)',
    });
  }
  if (settings.grantTypes.some((grant) => grant !== 'client_credentials')) {
    errors.push({
      pointer: '/grantTypes',
      detail: 'a resource server gets no token: only the default client_credentials',
    });
  }
  if (isPublicClient(settings)) {
    errors.push({
      pointer: '/tokenEndpointAuthMethods',
      detail: 'a resource server must authenticate (not none)',
    });
  }
  if (settings.redirectUris.length > 0 || settings.postLogoutRedirectUris.length > 0) {
    errors.push({ pointer: '/redirectUris', detail: 'a resource server has no redirect URIs' });
  }
  return errors;
}
