// ES256 JWTs with node:crypto only: what a limit server needs, and what the bench
// uses to check the services' tokens against their JWKS before timing anything.
import { createPublicKey, sign, verify } from 'node:crypto';

const b64url = (value) => Buffer.from(value).toString('base64url');
const json = (segment) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

/** Signs `claims` with an EC P-256 private KeyObject (JWS ES256, RFC 7518 §3.4: r||s, not DER). */
export function signEs256(claims, privateKey, header) {
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  const signature = sign('sha256', Buffer.from(data), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${data}.${signature.toString('base64url')}`;
}

/** `kid` → public KeyObject for the ES256 keys of a JWKS document. */
export function keysFromJwks(jwks) {
  const keys = new Map();
  for (const jwk of jwks.keys ?? []) {
    if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) {
      keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
    }
  }
  return keys;
}

/**
 * Verifies an RFC 9068 access token: ES256 signature by a known `kid`, `typ` at+jwt,
 * `iss`, `aud` and `exp`. Returns `{ ok: true, header, claims }` or `{ ok: false, reason }`.
 */
export function verifyAccessToken(token, { keys, issuer, audience, now = Date.now() / 1000 }) {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) {
    return { ok: false, reason: 'not a compact JWS' };
  }
  let header;
  let claims;
  try {
    header = json(parts[0]);
  } catch {
    return { ok: false, reason: 'header is not JSON' };
  }
  if (header.alg !== 'ES256') {
    return { ok: false, reason: `alg ${header.alg}` };
  }
  // RFC 9068 §4: typ is "at+jwt" (or the full media type).
  if (
    typeof header.typ !== 'string' ||
    !['at+jwt', 'application/at+jwt'].includes(header.typ.toLowerCase())
  ) {
    return { ok: false, reason: `typ ${header.typ}` };
  }
  const key = keys.get(header.kid);
  if (!key) {
    return { ok: false, reason: 'unknown kid' };
  }
  const signature = Buffer.from(parts[2], 'base64url');
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (!verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature)) {
    return { ok: false, reason: 'bad signature' };
  }
  try {
    claims = json(parts[1]);
  } catch {
    return { ok: false, reason: 'claims are not JSON' };
  }
  if (claims.iss !== issuer) {
    return { ok: false, reason: 'iss' };
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) {
    return { ok: false, reason: 'aud' };
  }
  if (typeof claims.exp !== 'number' || claims.exp <= now) {
    return { ok: false, reason: 'exp' };
  }
  return { ok: true, header, claims };
}
