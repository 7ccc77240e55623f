import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';

/**
 * RFC 9449 (DPoP) proof verification, shared by the authorization server's token and PAR
 * endpoints and by every resource server. Pure apart from the signature check: the time, the
 * expected request and the nonce rule are passed in; the replay check (`jti`) is the caller's,
 * with the `rememberUntil` this answers, because it needs a store shared by every instance.
 */

/**
 * RFC 9449 §4.3 item 5: asymmetric algorithms only (never `none`, never a MAC). The set the
 * discovery document announces as `dpop_signing_alg_values_supported`.
 */
export const DPOP_SIGNING_ALGORITHMS: readonly string[] = [
  'ES256',
  'ES384',
  'PS256',
  'PS384',
  'RS256',
  'EdDSA',
];

/** RFC 9449 §4.2: the `typ` of a DPoP proof. */
export const DPOP_PROOF_TYPE = 'dpop+jwt';

/** Larger than any proof with an RSA-4096 `jwk`; anything bigger is refused unparsed. */
const MAX_PROOF_LENGTH = 8_192;

/** RFC 7517 §9.2 / RFC 7518 §6: members only a private or symmetric key has. */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** RFC 7230 §3.1.1 method token. */
const HTTP_METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The server-provided nonce rule (RFC 9449 §8, §9), when nonces are on. */
export interface DpopNonceRule {
  /** Whether `nonce` is one this server handed out and still accepts. */
  isValid(nonce: string, now: Date): boolean;
}

/** What the request that carried the proof was: RFC 9449 §4.3 items 8 to 12. */
export interface DpopExpectation {
  /** The request's method (`htm`). */
  readonly method: string;
  /** The request's URL as this server is reached (`htu`); its query and fragment are ignored. */
  readonly url: string;
  /** The access token presented with the proof (resource servers): `ath` must be its hash. */
  readonly accessToken?: string;
  /** Set when nonces are required: a proof without a valid one is `use_dpop_nonce`. */
  readonly nonce?: DpopNonceRule;
  readonly now: Date;
  /** How old (`iat`) a proof may be, in seconds. */
  readonly maxAgeSeconds: number;
  /** Clock skew tolerated on `iat`, both ways, in seconds. */
  readonly clockToleranceSeconds: number;
  /** Narrower than DPOP_SIGNING_ALGORITHMS when a profile says so (FAPI 2.0: ES256, PS256). */
  readonly algorithms?: readonly string[];
}

export interface VerifiedDpopProof {
  /** RFC 7638 SHA-256 thumbprint of the proof's key: what `cnf.jkt` binds to (RFC 9449 §6.1). */
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
  /** Until when the `jti` must be remembered: as long as `iat` keeps the proof acceptable. */
  readonly rememberUntil: Date;
}

/**
 * `invalid_dpop_proof` (RFC 9449 §5, §7.1) for every fault of the proof; `use_dpop_nonce`
 * (§8, §9) when a nonce is required and the proof has none or a stale one.
 */
export type DpopProofError = 'invalid_dpop_proof' | 'use_dpop_nonce';

export type DpopProofResult =
  | { readonly ok: true; readonly proof: VerifiedDpopProof }
  | { readonly ok: false; readonly error: DpopProofError; readonly reason: string };

const refuse = (reason: string, error: DpopProofError = 'invalid_dpop_proof'): DpopProofResult => ({
  ok: false,
  error,
  reason,
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** RFC 9449 §6.1 / §4.2 `ath`: base64url of the SHA-256 of the access token's ASCII bytes. */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * RFC 3986 §6.2.2 and §6.2.3 normalisation of an http(s) URL without its query and fragment
 * (RFC 9449 §4.3 item 9): scheme and host lower-cased, the default port dropped, an empty path
 * made `/`, percent-encoded unreserved characters decoded and other escapes upper-cased, dot
 * segments removed. Undefined when the value is not an absolute http(s) URL.
 */
export function normalizeHtu(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    return undefined;
  }
  const path = url.pathname.replace(/%([0-9A-Fa-f]{2})/g, (_escape, hex: string) => {
    const character = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(character) ? character : `%${hex.toUpperCase()}`;
  });
  return `${url.protocol}//${url.host}${path === '' ? '/' : path}`;
}

/**
 * Verifies a DPoP proof as RFC 9449 §4.3 lists the checks, in that order: a JWT, `typ`
 * `dpop+jwt`, an allowed asymmetric `alg`, a public `jwk` that verifies the signature, the
 * required claims, `htm` and `htu` of this request, a valid nonce when required, an `iat` in
 * the window, and `ath` when an access token comes with it.
 */
export async function verifyDpopProof(
  proof: string,
  expected: DpopExpectation,
): Promise<DpopProofResult> {
  if (proof.length === 0 || proof.length > MAX_PROOF_LENGTH) {
    return refuse('the DPoP proof is not a JWT');
  }
  const algorithms = expected.algorithms ?? DPOP_SIGNING_ALGORITHMS;
  const header = decodeHeader(proof);
  if (header === undefined) {
    return refuse('the DPoP proof is not a JWT');
  }
  // §4.3 item 4; §4.2: typ is exactly dpop+jwt.
  if (header.typ !== DPOP_PROOF_TYPE) {
    return refuse('the DPoP proof typ must be dpop+jwt');
  }
  // §4.3 item 5: an asymmetric algorithm of the allow-list; none and HMAC are not on it.
  if (typeof header.alg !== 'string' || !algorithms.includes(header.alg)) {
    return refuse(`the DPoP proof alg must be one of ${algorithms.join(', ')}`);
  }
  // §4.3 item 7: the jwk is a public key; a private or symmetric member is refused before use.
  const jwk = header.jwk;
  if (!isObject(jwk) || PRIVATE_JWK_MEMBERS.some((member) => member in jwk)) {
    return refuse('the DPoP proof jwk must be a public key');
  }
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
      typ: DPOP_PROOF_TYPE,
      algorithms: [...algorithms],
      // iat is judged below with the window; exp/nbf, if present, are still honoured by jose.
      currentDate: expected.now,
      clockTolerance: expected.clockToleranceSeconds,
    }));
  } catch {
    return refuse('the DPoP proof signature does not verify with its jwk');
  }
  const { jti, htm, htu, iat, ath, nonce } = payload;
  // §4.2: jti, htm, htu and iat are required; jti carries enough entropy to be unique.
  if (typeof jti !== 'string' || jti.length < 12 || jti.length > 256) {
    return refuse('the DPoP proof needs a jti of 12 to 256 characters');
  }
  if (typeof htm !== 'string' || !HTTP_METHOD.test(htm) || typeof htu !== 'string') {
    return refuse('the DPoP proof needs htm and htu');
  }
  if (typeof iat !== 'number' || !Number.isFinite(iat)) {
    return refuse('the DPoP proof needs a numeric iat');
  }
  // §4.3 item 8: htm is the method of this request (methods are case-sensitive, RFC 9110 §9.1).
  if (htm !== expected.method) {
    return refuse('the DPoP proof htm does not match the request method');
  }
  // §4.3 item 9: htu is this request's URI without query and fragment, compared after §6
  // normalisation of RFC 3986; a proof's own query or fragment does not count either.
  const presentedUri = normalizeHtu(htu);
  if (presentedUri === undefined || presentedUri !== normalizeHtu(expected.url)) {
    return refuse('the DPoP proof htu does not match the request URI');
  }
  // §4.3 item 10, §8.2: the nonce this server provided, when it requires one.
  if (expected.nonce !== undefined) {
    if (typeof nonce !== 'string') {
      return refuse('a DPoP nonce is required', 'use_dpop_nonce');
    }
    if (!expected.nonce.isValid(nonce, expected.now)) {
      return refuse(
        'the DPoP nonce is not valid; use the one sent in DPoP-Nonce',
        'use_dpop_nonce',
      );
    }
  }
  // §4.3 item 11, §11.1: created within the window (with clock skew either way).
  const nowSeconds = expected.now.getTime() / 1000;
  if (iat > nowSeconds + expected.clockToleranceSeconds) {
    return refuse('the DPoP proof iat is in the future');
  }
  if (iat < nowSeconds - expected.maxAgeSeconds - expected.clockToleranceSeconds) {
    return refuse('the DPoP proof is too old (iat)');
  }
  // §4.3 item 12, §7: ath is the hash of the access token it is presented with.
  if (expected.accessToken !== undefined) {
    if (typeof ath !== 'string' || ath !== accessTokenHash(expected.accessToken)) {
      return refuse('the DPoP proof ath does not match the access token');
    }
  }
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  return {
    ok: true,
    proof: {
      jkt,
      jti,
      iat,
      rememberUntil: new Date(
        (iat + expected.maxAgeSeconds + expected.clockToleranceSeconds) * 1000 + 1000,
      ),
    },
  };
}

function decodeHeader(proof: string): Record<string, unknown> | undefined {
  const parts = proof.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
    return undefined;
  }
  try {
    const header: unknown = JSON.parse(
      Buffer.from(parts[0] as string, 'base64url').toString('utf8'),
    );
    return isObject(header) ? header : undefined;
  } catch {
    return undefined;
  }
}
