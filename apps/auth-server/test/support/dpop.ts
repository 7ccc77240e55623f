import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** A client's DPoP key pair (RFC 9449) and a way to make proofs with it, for tests. */
export interface DpopKey {
  readonly publicJwk: JWK;
  readonly jkt: string;
  proof(claims: ProofClaims, header?: Record<string, unknown>): Promise<string>;
}

export interface ProofClaims {
  readonly htm: string;
  readonly htu: string;
  readonly iat?: number;
  readonly jti?: string;
  readonly ath?: string;
  readonly nonce?: string;
}

export async function newDpopKey(alg: 'ES256' | 'PS256' | 'RS256' = 'ES256'): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk, 'sha256');
  return {
    publicJwk,
    jkt,
    proof: (claims, header = {}) =>
      new SignJWT({
        jti: claims.jti ?? randomUUID(),
        htm: claims.htm,
        htu: claims.htu,
        iat: claims.iat ?? Math.floor(Date.now() / 1000),
        ...(claims.ath === undefined ? {} : { ath: claims.ath }),
        ...(claims.nonce === undefined ? {} : { nonce: claims.nonce }),
      })
        .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: publicJwk, ...header })
        .sign(privateKey),
  };
}
