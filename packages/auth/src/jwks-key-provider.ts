import { KeyObject, type webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@charter/service-kit';
import { createRemoteJWKSet, decodeProtectedHeader, type JWTVerifyGetKey } from 'jose';
import { AUTH_OPTIONS, type AuthOptions, DEFAULT_ALGORITHMS } from './auth.options.js';

/** RFC 9068 §2.1: `typ` is `at+jwt` (the `application/` prefix may be present). */
const ACCESS_TOKEN_TYPES = new Set(['at+jwt', 'application/at+jwt']);

export class TokenRejected extends Error {}

/**
 * Finds the verification key for a token from the issuer's JWKS (cached; fetched
 * again on an unknown `kid`, so key rotation needs no restart) after checking the
 * header: `typ` and an algorithm from the allow-list.
 */
@Injectable()
export class JwksKeyProvider {
  private readonly jwks: JWTVerifyGetKey;
  private readonly algorithms: ReadonlySet<string>;
  /**
   * jsonwebtoken takes a KeyObject as it is, while a PEM string would be parsed
   * again on every request; convert each JWKS key once.
   */
  private readonly keyObjects = new WeakMap<object, KeyObject>();

  constructor(@Inject(AUTH_OPTIONS) options: AuthOptions) {
    this.jwks = createRemoteJWKSet(new URL(options.jwksUri), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 3_000,
    });
    this.algorithms = new Set(options.algorithms ?? DEFAULT_ALGORITHMS);
  }

  async keyFor(rawToken: string): Promise<KeyObject> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(rawToken);
    } catch {
      throw new TokenRejected('malformed token');
    }
    if (typeof header.typ !== 'string' || !ACCESS_TOKEN_TYPES.has(header.typ.toLowerCase())) {
      throw new TokenRejected('not an access token (typ)');
    }
    if (typeof header.alg !== 'string' || !this.algorithms.has(header.alg)) {
      throw new TokenRejected('signing algorithm not accepted');
    }
    try {
      const key = await this.jwks({ ...header, alg: header.alg }, { payload: '', signature: '' });
      return this.keyObject(key);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') {
        throw new TokenRejected('unknown signing key');
      }
      // The issuer's JWKS could not be fetched: not the caller's fault, and not a 500.
      throw new ProblemException({
        status: 503,
        code: 'issuer_unavailable',
        title: 'Token issuer unavailable',
        detail: "The issuer's signing keys could not be fetched; try again shortly.",
        headers: { 'retry-after': '5' },
      });
    }
  }

  private keyObject(key: object): KeyObject {
    let keyObject = this.keyObjects.get(key);
    if (keyObject === undefined) {
      keyObject = key instanceof KeyObject ? key : KeyObject.from(key as webcrypto.CryptoKey);
      this.keyObjects.set(key, keyObject);
    }
    return keyObject;
  }
}
