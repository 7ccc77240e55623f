import type { JWTPayload } from 'jose';
import type { SigningAlgorithm } from '../config/auth-server.config.js';

/** Signs JWTs with the server's current key (a port: SigningKeys in the app, a local key in unit tests). */
export abstract class TokenSigner {
  /**
   * `typ` goes in the protected header, with the key's `alg` and `kid`. `algorithm` picks the
   * key: KEYS_ALGORITHM when left out (access tokens), the client's choice for ID tokens.
   */
  abstract sign(payload: JWTPayload, typ: string, algorithm?: SigningAlgorithm): Promise<string>;
}
