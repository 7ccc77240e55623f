import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthServerConfig, MAX_ACCESS_TOKEN_TTL } from '../../config/auth-server.config.js';
import { TokenSigner } from '../../keys/token-signer.js';
import type { GrantedAccess } from './domain/access-selection.js';
import { acrFor } from '../../second-factor/domain/authentication-context.js';
import { formatScope } from './domain/scope.js';

export interface AccessTokenContent {
  readonly subject: string;
  readonly clientId: string;
  /** Where the token is for and what it may do there; it never outlives `access.notAfter` (a contract's end). */
  readonly access: GrantedAccess;
  /** The client's own lifetime, or null for TOKEN_ACCESS_TTL. */
  readonly lifetimeSeconds: number | null;
  /** RFC 8693 §4.1: the acting party (a client_id) after token exchange. */
  readonly actor?: string;
  /** When the user logged in (OIDC Core §2 auth_time), for user tokens. */
  readonly authTime?: Date;
  /** RFC 8176 methods of the user's sign-in (user tokens): `amr` and the `acr` they satisfy. */
  readonly amr?: readonly string[];
  /** The client secret that authenticated the token request (`credential_id`), if one did. */
  readonly credentialId?: string | undefined;
  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to (`cnf.jkt`). */
  readonly dpopJkt?: string | undefined;
  readonly now: Date;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresIn: number;
}

const JTI_BYTES = 16;
const JTI_POOL_BYTES = JTI_BYTES * 256;
let jtiPool = Buffer.alloc(0);
let jtiOffset = JTI_POOL_BYTES;

/**
 * 128 random bits, base64url, from a pool refilled 256 identifiers at a time: one native
 * CSPRNG call per 256 tokens instead of one per token (as crypto.randomUUID caches its own).
 * A jti is an identifier, not a secret.
 */
function randomJti(): string {
  if (jtiOffset + JTI_BYTES > jtiPool.length) {
    jtiPool = randomBytes(JTI_POOL_BYTES);
    jtiOffset = 0;
  }
  const jti = jtiPool.toString('base64url', jtiOffset, jtiOffset + JTI_BYTES);
  jtiOffset += JTI_BYTES;
  return jti;
}

/** Issues JWT access tokens per RFC 9068 (`typ: at+jwt`), signed with the active key. */
@Injectable()
export class AccessTokenIssuer {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly signer: TokenSigner,
  ) {}

  async issue(content: AccessTokenContent): Promise<IssuedAccessToken> {
    const { access } = content;
    const iat = Math.floor(content.now.getTime() / 1000);
    let lifetime = Math.min(
      content.lifetimeSeconds ?? this.config.TOKEN_ACCESS_TTL,
      MAX_ACCESS_TOKEN_TTL,
    );
    if (access.notAfter) {
      lifetime = Math.max(
        1,
        Math.min(lifetime, Math.floor(access.notAfter.getTime() / 1000) - iat),
      );
    }
    // 128 random bits: unique without coordination (RFC 9068 §2.2 jti).
    const jti = randomJti();
    // RFC 9068 §2.2: iss, exp, aud, sub, client_id, iat, jti; scope per §2.2.3.
    const token = await this.signer.sign(
      {
        iss: this.config.AUTH_ISSUER,
        sub: content.subject,
        aud: access.audience,
        client_id: content.clientId,
        scope: formatScope(access.scopes),
        jti,
        iat,
        exp: iat + lifetime,
        ...(access.enterpriseId === undefined ? {} : { enterprise_id: access.enterpriseId }),
        ...(access.contractId === undefined ? {} : { contract_id: access.contractId }),
        ...(content.actor === undefined ? {} : { act: { sub: content.actor } }),
        // Charter's claim: which client secret obtained this token, so that revoking that secret
        // (and only that one) takes the token with it at every resource server.
        ...(content.credentialId === undefined ? {} : { credential_id: content.credentialId }),
        // RFC 9449 §6.1: a sender-constrained token names its key; RFC 7800 §3.1 cnf.
        ...(content.dpopJkt === undefined ? {} : { cnf: { jkt: content.dpopJkt } }),
        ...(content.authTime === undefined
          ? {}
          : { auth_time: Math.floor(content.authTime.getTime() / 1000) }),
        // RFC 9068 §2.2.1: how the user authenticated, so an API can require a second factor
        // (the account service does for admins; RFC 9470 step-up).
        ...(content.amr === undefined ? {} : { amr: [...content.amr], acr: acrFor(content.amr) }),
      },
      'at+jwt',
    );
    return { token, jti, expiresIn: lifetime };
  }
}
