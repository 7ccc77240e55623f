// ES256 JWTs with node:crypto only: what a limit server needs, and what the bench
// uses to check the services' tokens against their JWKS before timing anything.
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';

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

/** RFC 7523 §2.2 assertion type of a private_key_jwt client authentication. */
export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * A fresh RFC 7523 client assertion (private_key_jwt): ES256, `iss` = `sub` = the client,
 * `aud` = the authorization server's issuer, a new `jti` and a one-minute `exp`.
 */
export function clientAssertion({ privateKey, kid, clientId, audience }) {
  const iat = Math.floor(Date.now() / 1000);
  return signEs256(
    {
      iss: clientId,
      sub: clientId,
      aud: audience,
      jti: randomBytes(16).toString('base64url'),
      iat,
      exp: iat + 60,
    },
    privateKey,
    { alg: 'ES256', typ: 'JWT', kid },
  );
}

/**
 * For a private_key_jwt request: a function that answers its form `body` with a fresh client
 * assertion appended (RFC 7523 §2.2) each time it is called.
 */
export function assertionBodies(body, { privateJwk, ...claims }) {
  const privateKey = createPrivateKey({ key: privateJwk, format: 'jwk' });
  return () => `${body}&client_assertion=${clientAssertion({ privateKey, ...claims })}`;
}

/**
 * Verifies a client assertion against the client's public KeyObject: ES256 signature,
 * `iss` = `sub` = the client, `aud` names `audience`, `exp` in the next five minutes, and a
 * `jti` not in `seen` (jti → exp, pruned here). Returns a reason, or null when it is good.
 */
export function assertionRefusal(
  assertion,
  { key, clientId, audience, seen, now = Date.now() / 1000 },
) {
  const parts = typeof assertion === 'string' ? assertion.split('.') : [];
  if (parts.length !== 3) {
    return 'not a compact JWS';
  }
  let header;
  let claims;
  try {
    header = json(parts[0]);
    claims = json(parts[1]);
  } catch {
    return 'not JSON';
  }
  if (header.alg !== 'ES256') {
    return `alg ${header.alg}`;
  }
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  if (
    !verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2], 'base64url'))
  ) {
    return 'bad signature';
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== clientId || claims.sub !== clientId || !aud.includes(audience)) {
    return 'iss, sub or aud';
  }
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 300) {
    return 'exp';
  }
  if (typeof claims.jti !== 'string' || seen.has(claims.jti)) {
    return 'jti replayed';
  }
  if (seen.size > 100_000) {
    for (const [jti, exp] of seen) {
      if (exp <= now) {
        seen.delete(jti);
      }
    }
  }
  seen.set(claims.jti, claims.exp);
  return null;
}
