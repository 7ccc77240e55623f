import { Injectable } from '@nestjs/common';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { InvalidClient } from '../oauth.errors.js';
import { clientSigningAlgorithms } from '../security-profile/domain/fapi2.js';
import type { TokenRequest } from '../token/token-request.js';
import {
  CLIENT_ASSERTION_ALGORITHMS,
  CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS,
  checkAssertionClaims,
} from './domain/client-assertion.js';

/** RFC 7523 §2.2: the client_assertion_type of a JWT client assertion. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The parameters private_key_jwt uses; the endpoints consume them before a grant runs. */
export const CLIENT_ASSERTION_PARAMETERS: ReadonlySet<string> = new Set([
  'client_assertion',
  'client_assertion_type',
]);

/** Longer than any sensible assertion; anything bigger is not parsed. */
const MAX_ASSERTION_LENGTH = 8_192;

export interface PresentedAssertion {
  readonly clientId: string;
  readonly assertion: string;
}

/** The keys a client registered for private_key_jwt (RFC 7591 §2 `jwks` / `jwks_uri`). */
export interface ClientKeys {
  readonly clientId: string;
  readonly jwks: { readonly keys: ReadonlyArray<Record<string, unknown>> } | null;
  readonly jwksUri: string | null;
  /** `fapi2`: assertions signed ES256 or PS256 only (FAPI 2.0 §5.4.1). */
  readonly securityProfile?: 'fapi2' | null;
}

export interface VerifiedAssertion {
  readonly jti: string;
  /** When the replay store may forget the `jti`: the assertion's exp plus the clock tolerance. */
  readonly rememberUntil: Date;
}

/** True when the body carries a client assertion (or its type) at all. */
export function hasClientAssertion(request: TokenRequest): boolean {
  return request.has('client_assertion') || request.has('client_assertion_type');
}

/**
 * RFC 7521 §4.2 / RFC 7523 §2.2: `client_assertion_type` + `client_assertion` in the body.
 * The client is named by the assertion's `sub` (RFC 7523 §3 item 2); a `client_id`
 * parameter, when present, must name the same client (RFC 7521 §4.2). Every failure is
 * `invalid_client` (RFC 7521 §4.2.1).
 */
export function readClientAssertion(request: TokenRequest): PresentedAssertion {
  if (request.get('client_assertion_type') !== JWT_BEARER_ASSERTION_TYPE) {
    throw new InvalidClient(`client_assertion_type must be ${JWT_BEARER_ASSERTION_TYPE}`);
  }
  const assertion = request.get('client_assertion');
  if (assertion === undefined) {
    throw new InvalidClient('client_assertion is required');
  }
  if (assertion.length > MAX_ASSERTION_LENGTH) {
    throw new InvalidClient('client authentication failed');
  }
  let subject: unknown;
  try {
    subject = decodeJwt(assertion).sub;
  } catch {
    throw new InvalidClient('the client assertion is not a JWT');
  }
  if (typeof subject !== 'string' || subject === '') {
    throw new InvalidClient('the client assertion needs a sub naming the client');
  }
  const clientId = request.get('client_id');
  if (clientId !== undefined && clientId !== subject) {
    throw new InvalidClient('client_id does not match the client assertion');
  }
  return { clientId: subject, assertion };
}

interface CachedKeySet {
  readonly source: string;
  readonly getKey: JWTVerifyGetKey;
}

/**
 * Verifies a private_key_jwt client assertion (RFC 7523 §3, OpenID Connect Core §9)
 * against the client's registered keys: inline `jwks`, or `jwksUri` fetched with a
 * cache per client (a kid not in the cache refetches, at most every 10 s).
 */
@Injectable()
export class PrivateKeyJwtVerifier {
  private readonly keySets = new Map<string, CachedKeySet>();
  private readonly issuer: string;

  constructor(config: AuthServerConfig) {
    // The audience is checked in checkAssertionClaims: the issuer identifier alone
    // (draft-ietf-oauth-rfc7523bis), at every endpoint that takes an assertion.
    this.issuer = config.AUTH_ISSUER;
  }

  /** Throws InvalidClient for every reason the assertion is not good. */
  async verify(assertion: string, client: ClientKeys, now: Date): Promise<VerifiedAssertion> {
    const getKey = this.keySet(client);
    if (!getKey) {
      throw new InvalidClient();
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(assertion, getKey, {
        // Asymmetric only: never `none`, never HS* (a client secret is not a signing key here).
        algorithms: [
          ...clientSigningAlgorithms(client.securityProfile ?? null, CLIENT_ASSERTION_ALGORITHMS),
        ],
        // RFC 7523 §3 items 1 and 2: iss and sub are both the client_id.
        issuer: client.clientId,
        subject: client.clientId,
        // RFC 7523 §3 item 4: exp is required.
        requiredClaims: ['exp', 'jti'],
        currentDate: now,
        clockTolerance: CLIENT_ASSERTION_CLOCK_TOLERANCE_SECONDS,
      }));
    } catch {
      // Signature, algorithm, iss/sub/aud, exp/nbf, or the keys could not be fetched: one answer.
      throw new InvalidClient();
    }
    const check = checkAssertionClaims(payload, now, this.issuer);
    if (!check.ok) {
      throw new InvalidClient(check.reason);
    }
    return { jti: check.jti, rememberUntil: check.rememberUntil };
  }

  private keySet(client: ClientKeys): JWTVerifyGetKey | undefined {
    const source =
      client.jwksUri !== null
        ? `uri:${client.jwksUri}`
        : client.jwks !== null
          ? `jwks:${JSON.stringify(client.jwks)}`
          : undefined;
    if (source === undefined) {
      return undefined;
    }
    const cached = this.keySets.get(client.clientId);
    if (cached?.source === source) {
      return cached.getKey;
    }
    let getKey: JWTVerifyGetKey;
    try {
      getKey =
        client.jwksUri !== null
          ? createRemoteJWKSet(new URL(client.jwksUri), {
              timeoutDuration: 3_000,
              cooldownDuration: 10_000,
              cacheMaxAge: 10 * 60_000,
            })
          : createLocalJWKSet(client.jwks as unknown as JSONWebKeySet);
    } catch {
      return undefined; // a malformed registration authenticates nobody
    }
    this.keySets.set(client.clientId, { source, getKey });
    return getKey;
  }
}
