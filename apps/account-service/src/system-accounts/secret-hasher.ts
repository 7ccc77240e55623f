import { hashClientSecret } from './domain/client-credentials.js';

/** Keyed hashing of client secrets under CREDENTIALS_HASH_KEY (shared with the auth-server); provided by a factory. */
export class SecretHasher {
  constructor(private readonly key: string) {}

  hash(secret: string): string {
    return hashClientSecret(this.key, secret);
  }
}
