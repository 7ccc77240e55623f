import { type KeyObject, verify as verifySignature } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AUTH_OPTIONS, type AuthOptions, DEFAULT_ALGORITHMS } from './auth.options.js';
import { JwksKeyProvider, TokenRejected } from './jwks-key-provider.js';

/** RFC 9068 §2.1: `typ` is `at+jwt` (the `application/` prefix may be present). */
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);

/** RFC 7518 §3.1: what each accepted algorithm needs of the key, and how its signature is encoded. */
const ALGORITHMS: Readonly<
  Record<string, { keyType: 'ec' | 'rsa'; curve?: string; dsaEncoding?: 'ieee-p1363' }>
> = {
  // RFC 7518 §3.4: the ES256 signature is R || S, 64 bytes, over P-256.
  ES256: { keyType: 'ec', curve: 'prime256v1', dsaEncoding: 'ieee-p1363' },
  RS256: { keyType: 'rsa' },
};

/** RFC 7518 §3.3: RSA keys of at least 2048 bits (jsonwebtoken's rule too). */
const MIN_RSA_BITS = 2048;

export interface JoseHeader {
  readonly alg: string;
  readonly kid?: string;
  readonly typ: string;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const BASE64URL_UNPADDED = /^[A-Za-z0-9_-]*$/;

/**
 * RFC 7515 §2 / RFC 4648 §5: the bytes of a base64url part, only when `part` is their one
 * canonical spelling (no padding, no other characters, zero trailing bits). Buffer.from
 * skips junk and ignores trailing bits, so several strings would decode to one signature.
 */
function decodeCanonicalBase64url(part: string): Buffer | undefined {
  if (!BASE64URL_UNPADDED.test(part)) {
    return undefined;
  }
  const bytes = Buffer.from(part, 'base64url');
  return bytes.toString('base64url') === part ? bytes : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Verifies an access token in one pass (RFC 7515 §5.2, RFC 9068 §4): the header and the
 * payload are decoded once each, the header's `typ` and `alg` are checked against the
 * allow-list, the key comes from the cached JWKS as a KeyObject, `node:crypto` checks the
 * signature, then `nbf`, `exp`, `aud` and `iss`, in jsonwebtoken's order and with its
 * clock tolerance. Answers the payload or throws TokenRejected with a safe reason.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly algorithms: ReadonlySet<string>;
  private readonly tolerance: number;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly keys: JwksKeyProvider,
  ) {
    this.algorithms = new Set(options.algorithms ?? DEFAULT_ALGORITHMS);
    this.tolerance = options.clockToleranceSeconds ?? 5;
  }

  async verify(
    token: string,
    nowSeconds = Math.floor(Date.now() / 1000),
  ): Promise<Record<string, unknown>> {
    const parts = token.split('.');
    if (parts.length !== 3) {
      throw new TokenRejected('malformed token');
    }
    const [encodedHeader = '', encodedPayload = '', encodedSignature = ''] = parts;
    const header = decodeJson(encodedHeader);
    if (!isObject(header)) {
      throw new TokenRejected('malformed token');
    }
    if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase())) {
      throw new TokenRejected('not an access token (typ)');
    }
    const algorithm =
      typeof header.alg === 'string' && this.algorithms.has(header.alg)
        ? ALGORITHMS[header.alg]
        : undefined;
    if (algorithm === undefined || typeof header.alg !== 'string') {
      throw new TokenRejected('signing algorithm not accepted');
    }
    if (header.kid !== undefined && typeof header.kid !== 'string') {
      throw new TokenRejected('malformed token');
    }
    const key = await this.keys.keyFor({
      alg: header.alg,
      typ: header.typ,
      ...(header.kid === undefined ? {} : { kid: header.kid }),
    });
    if (!keyFits(key, algorithm)) {
      throw new TokenRejected('invalid signature');
    }
    const signature = decodeCanonicalBase64url(encodedSignature);
    if (signature === undefined) {
      throw new TokenRejected('invalid signature');
    }
    let valid: boolean;
    try {
      valid = verifySignature(
        'sha256',
        Buffer.from(`${encodedHeader}.${encodedPayload}`),
        algorithm.dsaEncoding === undefined ? key : { key, dsaEncoding: algorithm.dsaEncoding },
        signature,
      );
    } catch {
      valid = false;
    }
    if (!valid) {
      throw new TokenRejected('invalid signature');
    }
    const payload = decodeJson(encodedPayload);
    if (!isObject(payload)) {
      throw new TokenRejected('token is not valid');
    }
    this.checkClaims(payload, nowSeconds);
    return payload;
  }

  private checkClaims(payload: Record<string, unknown>, now: number): void {
    const { nbf, exp, iat, aud, iss } = payload;
    if (
      (nbf !== undefined && typeof nbf !== 'number') ||
      typeof exp !== 'number' ||
      (iat !== undefined && typeof iat !== 'number')
    ) {
      throw new TokenRejected('token is not valid');
    }
    if (nbf !== undefined && nbf > now + this.tolerance) {
      throw new TokenRejected('token not yet valid');
    }
    // RFC 7519 §4.1.4: expired on or after `exp` (jsonwebtoken: now >= exp + tolerance).
    if (now >= exp + this.tolerance) {
      throw new TokenRejected('token expired');
    }
    // RFC 9068 §4: `aud` must name this resource.
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(this.options.audience)) {
      throw new TokenRejected('token is not for this audience');
    }
    if (iss !== this.options.issuer) {
      throw new TokenRejected('token is from another issuer');
    }
  }
}

function keyFits(key: KeyObject, algorithm: { keyType: string; curve?: string }): boolean {
  if (key.type !== 'public' || key.asymmetricKeyType !== algorithm.keyType) {
    return false;
  }
  const details = key.asymmetricKeyDetails;
  if (algorithm.curve !== undefined) {
    return details?.namedCurve === algorithm.curve;
  }
  return (details?.modulusLength ?? 0) >= MIN_RSA_BITS;
}
