import { Inject, Injectable, Optional } from '@nestjs/common';
import { AUTH_OPTIONS, type AuthOptions } from './auth.options.js';
import { DpopNonces } from './domain/dpop-nonce.js';
import { DPOP_SIGNING_ALGORITHMS, verifyDpopProof } from './domain/dpop-proof.js';
import {
  DPOP_REPLAY_CACHE,
  type DpopReplayCache,
  InMemoryDpopReplayCache,
} from './dpop-replay-cache.js';
import { dpopChallengeError, dpopNonceError } from './bearer-errors.js';

/** RFC 9449 §4.3 item 11: clock skew tolerated on a proof's `iat`, both ways. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** The request as the verifier needs it (a Fastify or Node request has these). */
export interface DpopHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly protocol?: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

/**
 * RFC 9449 §7: the DPoP proof that comes with `Authorization: DPoP <token>` at a resource
 * server. Checked with the shared rules (`domain/dpop-proof.ts`) against this request's method
 * and URL, the token's hash (`ath`) and, when configured, this API's nonce; then spent once; and
 * its key must be the one the token is bound to (`cnf.jkt`). Throws the §7.1 challenge.
 */
@Injectable()
export class DpopRequestVerifier {
  private readonly nonces: DpopNonces | undefined;
  private readonly replay: DpopReplayCache;
  readonly algorithms: readonly string[];
  /** Whether this API refuses tokens that are not DPoP-bound. */
  readonly required: boolean;

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    @Optional() @Inject(DPOP_REPLAY_CACHE) replay?: DpopReplayCache,
  ) {
    const secret = options.dpop?.nonceSecret;
    this.nonces = secret === undefined ? undefined : new DpopNonces(secret);
    this.replay = replay ?? new InMemoryDpopReplayCache();
    this.algorithms = options.dpop?.algorithms ?? DPOP_SIGNING_ALGORITHMS;
    this.required = options.dpop?.required ?? false;
  }

  /** Verifies the request's proof for `token`, bound to `jkt`; throws the challenge otherwise. */
  async verify(
    request: DpopHttpRequest,
    token: string,
    jkt: string,
    now = new Date(),
  ): Promise<void> {
    const header = request.headers.dpop;
    // §4.3 item 1: exactly one DPoP header (Node joins repeated ones with a comma).
    if (typeof header !== 'string' || header === '' || header.includes(',')) {
      throw dpopChallengeError(
        'invalid_dpop_proof',
        'send one DPoP proof with a DPoP-bound token',
        this.algorithms,
      );
    }
    const maxAge = this.options.dpop?.maxAgeSeconds ?? 60;
    const result = await verifyDpopProof(header.trim(), {
      method: request.method,
      url: this.requestUrl(request),
      accessToken: token,
      ...(this.nonces === undefined ? {} : { nonce: this.nonces }),
      now,
      maxAgeSeconds: maxAge,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      algorithms: this.algorithms,
    });
    if (!result.ok) {
      if (result.error === 'use_dpop_nonce' && this.nonces !== undefined) {
        throw dpopNonceError(result.reason, this.nonces.current(now), this.algorithms);
      }
      throw dpopChallengeError('invalid_dpop_proof', result.reason, this.algorithms);
    }
    // §7.1: the proof's key is the one the token is bound to.
    if (result.proof.jkt !== jkt) {
      throw dpopChallengeError(
        'invalid_dpop_proof',
        'the DPoP proof is of another key than the token is bound to',
        this.algorithms,
      );
    }
    // §11.1: a proof is good once.
    const unused = await this.replay.recordIfUnused(
      result.proof.jkt,
      result.proof.jti,
      result.proof.rememberUntil,
      now,
    );
    if (!unused) {
      throw dpopChallengeError(
        'invalid_dpop_proof',
        'the DPoP proof was already used',
        this.algorithms,
      );
    }
  }

  /**
   * The URL the client called (§4.3 item 9): this API's public URL (behind a proxy, the one
   * clients see) and the request's path; without one configured, the request's own scheme and
   * Host header.
   */
  private requestUrl(request: DpopHttpRequest): string {
    const base =
      this.options.dpop?.publicUrl ??
      `${request.protocol ?? 'http'}://${String(request.headers.host ?? '')}`;
    return `${base.replace(/\/+$/, '')}${request.url}`;
  }
}
