import { hashClientSecret } from './domain/client-credentials.js';

/**
 * Keyed hashing of client secrets under CREDENTIALS_HASH_KEY (shared with the auth-server);
 * provided by a factory. The keys are a list: the first (current) makes every new hash, the
 * others (CREDENTIALS_HASH_KEY_PREVIOUS) still recognise hashes made before a rotation.
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
    return hashClientSecret(this.keys[0] ?? '', secret);
  }

  /** The hash under every key, current first: what a stored hash may be, during a rotation. */
  hashes(secret: string): string[] {
    return this.keys.map((key) => hashClientSecret(key, secret));
  }

  /** Whether `hash` is the secret's hash under any of the keys. */
  matches(secret: string, hash: string): boolean {
    return this.hashes(secret).includes(hash);
  }
}
