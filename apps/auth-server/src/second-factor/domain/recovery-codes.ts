/**
 * Recovery codes: shown once at enrolment, stored only as hashes, each good for one sign-in.
 * Pure apart from the random source passed in.
 */
import { createHash } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
/** 10 characters of a 32-letter alphabet: 50 bits each, shown as two groups of five. */
const CODE_LENGTH = 10;
/** Crockford's base32 (no I, L, O, U): nothing to misread when typed from paper. */
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** `count` fresh codes, formatted `xxxxx-xxxxx`, from `randomBytes`. */
export function newRecoveryCodes(
  randomBytes: (size: number) => Uint8Array,
  count = RECOVERY_CODE_COUNT,
): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i += 1) {
    // 5 bits per character from one byte each: 256 is a multiple of 32, so no bias.
    const bytes = randomBytes(CODE_LENGTH);
    const letters = [...bytes].map((byte) => ALPHABET[byte % 32]).join('');
    codes.push(`${letters.slice(0, 5)}-${letters.slice(5)}`);
  }
  return codes;
}

/**
 * The form a typed code is compared in: lower case, without spaces or dashes; null when it
 * cannot be a recovery code (so a TOTP code or garbage is never hashed and looked up).
 */
export function normaliseRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  if (compact.length !== CODE_LENGTH) {
    return null;
  }
  return [...compact].every((char) => ALPHABET.includes(char)) ? compact : null;
}

/**
 * What is stored: SHA-256 of the user id and the normalised code. 50 random bits per code and
 * the lock-out in front of every guess make a fast hash enough (ARCHITECTURE: high-entropy
 * secrets get a fast hash); the user id makes equal codes of two users differ.
 */
export function hashRecoveryCode(userId: string, normalised: string): string {
  return createHash('sha256').update(`${userId}:${normalised}`).digest('base64url');
}
