import type { JWTPayload } from 'jose';

/** Signs JWTs with the server's current key (a port: SigningKeys in the app, a local key in unit tests). */
export abstract class TokenSigner {
  /** `typ` goes in the protected header, with the key's `alg` and `kid`. */
  abstract sign(payload: JWTPayload, typ: string): Promise<string>;
}
