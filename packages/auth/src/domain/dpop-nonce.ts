import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DpopNonceRule } from './dpop-proof.js';

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9) that every instance can check without shared
 * state: a nonce is the HMAC of the current time slice under a secret all instances share, so
 * any instance accepts what another handed out. A nonce is good for the slice it was made in
 * and the next one (one to two periods), and one slice early, for instances whose clocks differ.
 */
export class DpopNonces implements DpopNonceRule {
  private readonly key: Buffer;

  constructor(
    secret: string | Buffer,
    private readonly periodSeconds = 300,
  ) {
    // A key of its own, so the nonce reveals nothing about the secret's other uses.
    this.key = createHmac('sha256', secret).update('charter dpop nonce v1').digest();
  }

  /** The nonce to hand out now (`DPoP-Nonce`). */
  current(now: Date): string {
    return this.forSlice(this.slice(now));
  }

  isValid(nonce: string, now: Date): boolean {
    if (nonce.length !== 43) {
      return false;
    }
    const presented = Buffer.from(nonce);
    const slice = this.slice(now);
    return [slice, slice - 1, slice + 1].some((candidate) =>
      timingSafeEqual(presented, Buffer.from(this.forSlice(candidate))),
    );
  }

  private slice(now: Date): number {
    return Math.floor(now.getTime() / 1000 / this.periodSeconds);
  }

  private forSlice(slice: number): string {
    return createHmac('sha256', this.key).update(String(slice)).digest('base64url');
  }
}
