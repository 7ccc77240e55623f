import { createHmac, timingSafeEqual } from 'node:crypto';

const HASH_BYTES = 32;

/**
 * Client secrets are high-entropy server-generated values, so a keyed fast hash
 * is the right tool (ARCHITECTURE: "a high-entropy secret needs a fast hash"):
 * HMAC-SHA256 under CREDENTIALS_HASH_KEY, lowercase hex, as the account service stores it.
 */
export class SecretHasher {
  constructor(private readonly key: string) {}

  hash(secret: string): string {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest('hex');
  }

  /**
   * The index of the stored hash the secret matches, or -1: which credential authenticated.
   * Every hash is compared, in constant time each, whichever matches.
   */
  indexOfMatch(secret: string, hashes: readonly string[]): number {
    const presented = createHmac('sha256', this.key).update(secret, 'utf8').digest();
    let matched = -1;
    hashes.forEach((hash, index) => {
      const stored = Buffer.from(hash, 'hex');
      if (stored.length === HASH_BYTES && timingSafeEqual(presented, stored) && matched === -1) {
        matched = index;
      }
    });
    return matched;
  }
}
