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

  /** Compares against every stored hash in constant time per hash (and checks them all). */
  matchesAny(secret: string, hashes: readonly string[]): boolean {
    const presented = createHmac('sha256', this.key).update(secret, 'utf8').digest();
    let matched = false;
    for (const hash of hashes) {
      const stored = Buffer.from(hash, 'hex');
      if (stored.length === HASH_BYTES && timingSafeEqual(presented, stored)) {
        matched = true;
      }
    }
    return matched;
  }
}
