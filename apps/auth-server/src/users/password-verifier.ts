import { Injectable } from '@nestjs/common';
import { verify } from '@node-rs/argon2';

/**
 * An argon2id hash of a password nobody knows, with the account service's parameters
 * (`@node-rs/argon2` defaults: m=19456, t=2, p=1): verified against when there is no
 * user or no password, so a login takes as long whether the email exists or not.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$Hd/Gsy8rMBJYy9amVJ8Cbg$ukTfXd4DOsmcFp4SF4XhenhXPEtS7+oKfQSiFtf0TZQ';

/** Checks a password against a user's stored hash (a port: unit tests pass a fake). */
export abstract class PasswordVerifier {
  /**
   * True when `password` matches `hash`. A null hash (unknown user, user without a
   * password) still runs a full verification against a dummy hash, and is false.
   */
  abstract verify(hash: string | null, password: string): Promise<boolean>;
}

@Injectable()
export class Argon2PasswordVerifier implements PasswordVerifier {
  async verify(hash: string | null, password: string): Promise<boolean> {
    try {
      const matched = await verify(hash ?? DUMMY_PASSWORD_HASH, password);
      return hash !== null && matched;
    } catch {
      // A malformed stored hash is a refusal, never a 500; the dummy keeps the timing alike.
      await verify(DUMMY_PASSWORD_HASH, password).catch(() => false);
      return false;
    }
  }
}
