import { KeyObject, type webcrypto } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ProblemException } from '@charter/service-kit';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { JoseHeader } from './access-token-verifier.js';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';

export class TokenRejected extends Error {}

/**
 * Finds the verification key for a token's header from the issuer's JWKS (cached; fetched
 * again on an unknown `kid`, so key rotation needs no restart).
 */
@Injectable()
export class JwksKeyProvider {
  private readonly jwks: JWTVerifyGetKey;
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
  }

  /** The key for a header already checked by AccessTokenVerifier (`typ`, `alg` allow-listed). */
  async keyFor(header: JoseHeader): Promise<KeyObject> {
    try {
      const key = await this.jwks({ ...header }, { payload: '', signature: '' });
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
