import { createHmac, generateKeyPairSync, sign } from 'node:crypto';

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a real token, to forge look-alikes from. */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export function headerOf(token: string): Record<string, unknown> {
  const header = token.split('.')[0] ?? '';
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** An ES256 JWT signed with a key the issuer never had (RFC 7518 §3.4: raw r||s signature). */
export function signWithOwnKey(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const input = `${encode({ alg: 'ES256', ...header })}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), {
    key: privateKey,
    dsaEncoding: 'ieee-p1363',
  });
  return `${input}.${signature.toString('base64url')}`;
}

/** RFC 7519 §6.1 unsecured JWT: `alg: none`, empty signature. */
export function unsecured(claims: Record<string, unknown>): string {
  return `${encode({ alg: 'none', typ: 'at+jwt' })}.${encode(claims)}.`;
}

/** The algorithm-confusion attack: HS256 with a public key as the HMAC secret. */
export function hmacWith(
  secret: string,
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
): string {
  const input = `${encode({ ...header, alg: 'HS256' })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}
