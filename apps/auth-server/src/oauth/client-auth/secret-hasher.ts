import { createHmac, timingSafeEqual } from 'node:crypto';

const HASH_BYTES = 32;

/** Which stored hash a presented secret matched, and under which key (0: the current one). */
export interface SecretMatch {
  readonly index: number;
  readonly keyIndex: number;
}

/**
 * Client secrets are high-entropy server-generated values, so a keyed fast hash
 * is the right tool (ARCHITECTURE: "a high-entropy secret needs a fast hash"):
 * HMAC-SHA256 under CREDENTIALS_HASH_KEY, lowercase hex, as the account service stores it.
 *
 * The keys are a list: the first is current (new hashes), the others are previous keys that
 * still verify while hashes made under them are re-keyed (docs/operations.md, "Rotate
 * CREDENTIALS_HASH_KEY").
 */
export class SecretHasher {
  private readonly keys: readonly string[];

  constructor(keys: string | readonly string[]) {
    this.keys = typeof keys === 'string' ? [keys] : keys;
    if (this.keys.length === 0) {
      throw new Error('SecretHasher needs at least one key');
    }
  }

  /** The hash under the current key. */
  hash(secret: string): string {
    return this.hmac(0, secret).toString('hex');
  }

  /**
   * The stored hash the secret matches, and the key it matched under, or null. Every hash is
   * compared under every key, in constant time each, whichever matches: the work does not
   * depend on which credential (or whether any) is right.
   */
  match(secret: string, hashes: readonly string[]): SecretMatch | null {
    const stored = hashes.map((hash) => Buffer.from(hash, 'hex'));
    let matched: SecretMatch | null = null;
    this.keys.forEach((_key, keyIndex) => {
      const presented = this.hmac(keyIndex, secret);
      stored.forEach((hash, index) => {
        if (hash.length === HASH_BYTES && timingSafeEqual(presented, hash) && matched === null) {
          matched = { index, keyIndex };
        }
      });
    });
    return matched;
  }

  private hmac(keyIndex: number, secret: string): Buffer {
    return createHmac('sha256', this.keys[keyIndex] ?? '')
      .update(secret, 'utf8')
      .digest();
  }
}
