import { hash } from '@node-rs/argon2';

/** User passwords: argon2id (the library's default algorithm) with its default cost, as a PHC string. */
export class PasswordHasher {
  hash(password: string): Promise<string> {
    return hash(password);
  }
}
