import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { FieldError } from '@charter/service-kit';
import type {
  GrantType,
  IdTokenSignedResponseAlg,
  JsonWebKeySet,
  TokenEndpointAuthMethod,
} from './system-account.js';

/** The settings the FAPI 2.0 rules read (a subset of ClientSettings). */
export interface Fapi2Settings {
  readonly grantTypes: readonly GrantType[];
  readonly tokenEndpointAuthMethods: readonly TokenEndpointAuthMethod[];
  readonly requirePkce: boolean;
  readonly jwks: JsonWebKeySet | null;
  readonly resourceServerFor?: string | null;
  readonly idTokenSignedResponseAlg?: IdTokenSignedResponseAlg | null;
}

/** FAPI 2.0 Security Profile §5.4.1: PS256, ES256 (or EdDSA, which Charter does not sign with). */
const FAPI2_ID_TOKEN_ALGS: readonly IdTokenSignedResponseAlg[] = ['ES256', 'PS256'];

/** FAPI 2.0 Security Profile §5.4.1 item 3: RSA keys of at least 2048 bits. */
const MIN_RSA_BITS = 2048;

/**
 * What a `fapi2` client's settings must say (FAPI 2.0 Security Profile, final). Each detail names
 * its rule and section, so an admin learns why. The per-request rules (PAR, PKCE S256 on every
 * request, DPoP, ES256/PS256 client assertions, 60-second codes, `iss` in the response) are the
 * authorization server's; these are the ones a registration can already contradict.
 */
export function fapi2Problems(settings: Fapi2Settings): FieldError[] {
  const errors: FieldError[] = [];
  // §5.3.2.1 item 6 (clients authenticate with mTLS or private_key_jwt; Charter offers the
  // latter) and item 3 (confidential clients only: `none` is excluded with the secrets).
  if (
    settings.tokenEndpointAuthMethods.length !== 1 ||
    settings.tokenEndpointAuthMethods[0] !== 'private_key_jwt'
  ) {
    errors.push({
      pointer: '/tokenEndpointAuthMethods',
      detail:
        'must be [private_key_jwt] for fapi2 (FAPI 2.0 Security Profile §5.3.2.1: confidential clients authenticated by private_key_jwt or mTLS only)',
    });
  }
  // §5.3.2.1 item 2.
  if (settings.grantTypes.includes('password')) {
    errors.push({
      pointer: '/grantTypes',
      detail:
        'must not include password for fapi2 (FAPI 2.0 Security Profile §5.3.2.1: the resource owner password credentials grant is refused)',
    });
  }
  // §5.3.2.2 item 3.
  if (!settings.requirePkce) {
    errors.push({
      pointer: '/requirePkce',
      detail: 'must be true for fapi2 (FAPI 2.0 Security Profile §5.3.2.2: PKCE with S256)',
    });
  }
  // §5.4.1 item 1: ID tokens are signed with PS256 or ES256 (null means RS256).
  if (!FAPI2_ID_TOKEN_ALGS.includes(settings.idTokenSignedResponseAlg ?? 'RS256')) {
    errors.push({
      pointer: '/idTokenSignedResponseAlg',
      detail:
        'must be ES256 or PS256 for fapi2 (FAPI 2.0 Security Profile §5.4.1: PS256, ES256 or EdDSA only)',
    });
  }
  if ((settings.resourceServerFor ?? null) !== null) {
    errors.push({
      pointer: '/securityProfile',
      detail: 'fapi2 is for clients that get tokens, not for a resource server (resourceServerFor)',
    });
  }
  settings.jwks?.keys.forEach((key, index) => {
    const problem = fapi2KeyProblem(key);
    if (problem !== null) {
      errors.push({ pointer: `/jwks/keys/${index}`, detail: problem });
    }
  });
  return errors;
}

/**
 * A client key a `fapi2` client signs its assertions with: P-256 for ES256, RSA of 2048 bits or
 * more for PS256 (FAPI 2.0 Security Profile §5.4.1). Null when fine or not a key at all (the
 * general JWK rule reports that).
 */
function fapi2KeyProblem(key: Readonly<Record<string, unknown>>): string | null {
  if (key.kty === 'EC') {
    return key.crv === 'P-256'
      ? null
      : 'must be a P-256 key for fapi2 (FAPI 2.0 Security Profile §5.4.1: ES256)';
  }
  if (key.kty !== 'RSA') {
    return null;
  }
  try {
    const bits = createPublicKey({ key: key as JsonWebKey, format: 'jwk' }).asymmetricKeyDetails
      ?.modulusLength;
    return bits !== undefined && bits < MIN_RSA_BITS
      ? `must be an RSA key of at least ${MIN_RSA_BITS} bits for fapi2 (FAPI 2.0 Security Profile §5.4.1)`
      : null;
  } catch {
    return null;
  }
}
