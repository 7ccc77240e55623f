import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { TokenSigner } from '../../keys/token-signer.js';
import { ClientsRepository } from '../../projection/clients.repository.js';
import { acrFor } from '../../second-factor/domain/authentication-context.js';
import { idTokenSigningAlgorithm } from './domain/id-token-algorithm.js';

export interface IdTokenContent {
  readonly userId: string;
  readonly clientId: string;
  readonly authTime: Date;
  /** RFC 8176 methods of the sign-in. */
  readonly amr: readonly string[];
  readonly nonce: string | null;
  /** The access token issued with it (at_hash, OIDC Core §3.1.3.6). */
  readonly accessToken: string;
  /** The identity scopes granted: `email` adds email/email_verified, `profile` adds name. */
  readonly scopes: readonly string[];
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string;
  readonly now: Date;
}

/**
 * ID tokens live as long as the default access token; clients validate them once, at login.
 * Each is signed with its client's `id_token_signed_response_alg` from the projection (RS256
 * when it registered none), whatever KEYS_ALGORITHM the access tokens use.
 */
@Injectable()
export class IdTokenIssuer {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly signer: TokenSigner,
    private readonly clients: ClientsRepository,
  ) {}

  async issue(content: IdTokenContent): Promise<string> {
    const iat = Math.floor(content.now.getTime() / 1000);
    const client = await this.clients.findByClientId(content.clientId);
    const algorithm = idTokenSigningAlgorithm(client?.idTokenSignedResponseAlg);
    // OIDC Core §2: iss, sub, aud, exp, iat, auth_time, nonce; §3.1.3.6 at_hash.
    return this.signer.sign(
      {
        iss: this.config.AUTH_ISSUER,
        sub: content.userId,
        aud: content.clientId,
        iat,
        exp: iat + this.config.TOKEN_ACCESS_TTL,
        auth_time: Math.floor(content.authTime.getTime() / 1000),
        ...(content.nonce === null ? {} : { nonce: content.nonce }),
        at_hash: atHash(content.accessToken),
        // OIDC Core §2: amr (RFC 8176 values) and the acr the sign-in satisfied.
        amr: [...content.amr],
        acr: acrFor(content.amr),
        ...(content.scopes.includes('email')
          ? { email: content.email, email_verified: content.emailVerified }
          : {}),
        ...(content.scopes.includes('profile') ? { name: content.name } : {}),
      },
      'JWT',
      algorithm,
    );
  }
}

/**
 * OIDC Core §3.1.3.6: the left half of the hash of the access token's ASCII octets,
 * base64url, with the hash of the ID token's `alg`: SHA-256 for RS256, ES256 and PS256
 * alike, the algorithms this server signs ID tokens with.
 */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
