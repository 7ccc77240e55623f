import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, base64url: session ids, authorization codes, refresh tokens, CSRF tokens. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * What is stored of an opaque token: SHA-256, hex. A high-entropy random value needs a
 * fast hash, not a password hash (ARCHITECTURE "Security invariants"); a database leak
 * does not hand out usable codes, sessions or refresh tokens.
 */
export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * RFC 7515 §7.1: three base64url segments. Our access tokens are JWTs and our refresh tokens
 * opaque, without dots, so the shape tells them apart where a token_type_hint is only a hint.
 */
export function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}

/** Constant-time string equality (CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
