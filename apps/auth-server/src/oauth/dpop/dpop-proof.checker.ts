import { Injectable } from '@nestjs/common';
import { DpopNonces, verifyDpopProof } from '@charter/auth/dpop';
import { Clock } from '@charter/service-kit';
import { AuthServerConfig } from '../../config/auth-server.config.js';
import { InvalidDpopProof, UseDpopNonce } from '../oauth.errors.js';
import { UsedDpopProofsRepository } from './used-dpop-proofs.repository.js';

/** RFC 9449 §4.3 item 11: clock skew tolerated on a proof's `iat`, both ways. */
export const DPOP_CLOCK_TOLERANCE_SECONDS = 5;

/**
 * The DPoP proof of a request to one of the authorization server's own endpoints (token, PAR):
 * verified with the shared rules of `@charter/auth`, its `jti` recorded once for every instance,
 * and, when DPOP_NONCE_REQUIRED, the server nonce enforced. Answers the key's thumbprint.
 */
@Injectable()
export class DpopProofChecker {
  private readonly nonces: DpopNonces;

  constructor(
    private readonly config: AuthServerConfig,
    private readonly used: UsedDpopProofsRepository,
    private readonly clock: Clock,
  ) {
    this.nonces = new DpopNonces(config.KEYS_ENCRYPTION_KEY);
  }

  /** The nonce to send in `DPoP-Nonce`, when nonces are on (RFC 9449 §8.2). */
  currentNonce(): string | undefined {
    return this.config.DPOP_NONCE_REQUIRED ? this.nonces.current(this.clock.now()) : undefined;
  }

  /**
   * The thumbprint of the proof's key, or undefined when the request carries no proof.
   * `header` is the DPoP request header as received (several headers arrive comma-joined).
   */
  async check(
    header: string | undefined,
    endpoint: { readonly method: string; readonly path: string },
    algorithms?: readonly string[],
    accessToken?: string,
  ): Promise<string | undefined> {
    if (header === undefined) {
      return undefined;
    }
    // RFC 9449 §4.3 item 1: exactly one DPoP header; a JWT holds no comma.
    if (header.includes(',')) {
      throw new InvalidDpopProof('send one DPoP header');
    }
    const now = this.clock.now();
    const result = await verifyDpopProof(header.trim(), {
      method: endpoint.method,
      // Compared with the URL clients are told (discovery), not the one this process listens on.
      url: `${this.config.AUTH_ISSUER}${endpoint.path}`,
      ...(this.config.DPOP_NONCE_REQUIRED ? { nonce: this.nonces } : {}),
      now,
      maxAgeSeconds: this.config.DPOP_PROOF_MAX_AGE,
      clockToleranceSeconds: DPOP_CLOCK_TOLERANCE_SECONDS,
      ...(algorithms === undefined ? {} : { algorithms }),
      ...(accessToken === undefined ? {} : { accessToken }),
    });
    if (!result.ok) {
      throw result.error === 'use_dpop_nonce'
        ? new UseDpopNonce(result.reason, this.nonces.current(now))
        : new InvalidDpopProof(result.reason);
    }
    // RFC 9449 §11.1: a proof is good once, on every instance.
    const unused = await this.used.recordIfUnused(
      { jkt: result.proof.jkt, jti: result.proof.jti, expiresAt: result.proof.rememberUntil },
      now,
    );
    if (!unused) {
      throw new InvalidDpopProof('the DPoP proof was already used');
    }
    return result.proof.jkt;
  }
}
