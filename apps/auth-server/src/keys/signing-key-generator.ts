import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { KeyWindow } from './domain/key-schedule.js';
import type { KeyEncryption } from './key-encryption.js';
import type { PublicJwkMembers, SigningKey } from './signing-key.entity.js';

/** RSA moduli for RS256 and PS256: RFC 7518 §3.3 / §3.5 require at least 2048 bits. */
export const RSA_MODULUS_BITS = 2048;

/** A new key pair for `window`, its private half encrypted for storage. */
export async function generateSigningKey(
  window: KeyWindow,
  now: Date,
  encryption: KeyEncryption,
): Promise<SigningKey> {
  const pair = await generateKeyPair(window.algorithm, {
    extractable: true,
    ...(window.algorithm.startsWith('ES') ? {} : { modulusLength: RSA_MODULUS_BITS }),
  });
  const publicJwk = await exportJWK(pair.publicKey);
  const privateJwk = await exportJWK(pair.privateKey);
  // RFC 7638: the kid is the SHA-256 thumbprint of the public key's required members.
  const kid = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    kid,
    algorithm: window.algorithm,
    publicJwk: publicMembers({ ...publicJwk, kty: publicJwk.kty ?? '' }),
    privateJwkEncrypted: encryption.encrypt(
      JSON.stringify(privateJwk),
      associatedData(kid, window.algorithm),
    ),
    createdAt: now,
    notBefore: window.notBefore,
    activeUntil: window.activeUntil,
    expiresAt: window.expiresAt,
  };
}

/** Binds an encrypted private key to its row (KeyEncryption associated data). */
export function associatedData(kid: string, algorithm: string): string {
  return `${kid}:${algorithm}`;
}

/** Only the public members of an EC or RSA key, whatever was given. */
export function publicMembers(jwk: PublicJwkMembers): PublicJwkMembers {
  return jwk.kty === 'RSA'
    ? { kty: jwk.kty, n: jwk.n, e: jwk.e }
    : { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y };
}
