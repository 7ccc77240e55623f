/**
 * Where a resource server remembers the DPoP proofs it accepted (RFC 9449 §11.1), so that a
 * proof is good once. The default keeps them in this instance's memory; an app that runs many
 * instances and wants a replay refused on every one provides DPOP_REPLAY_CACHE backed by a
 * shared store (the authorization server does, with PostgreSQL).
 */
export interface DpopReplayCache {
  /** Records the proof; false when this key already used this `jti` and it is still remembered. */
  recordIfUnused(jkt: string, jti: string, until: Date, now: Date): Promise<boolean>;
}

export const DPOP_REPLAY_CACHE = Symbol('DPOP_REPLAY_CACHE');

/** Sweep expired entries once the map holds this many. */
const SWEEP_AT = 10_000;

/**
 * The per-instance default. Entries come only from proofs that came with a valid access token
 * (the token is verified first), and each is forgotten once its `iat` window has passed.
 */
export class InMemoryDpopReplayCache implements DpopReplayCache {
  private readonly seen = new Map<string, number>();

  recordIfUnused(jkt: string, jti: string, until: Date, now: Date): Promise<boolean> {
    const key = `${jkt}.${jti}`;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now.getTime()) {
      return Promise.resolve(false);
    }
    if (this.seen.size >= SWEEP_AT) {
      for (const [entry, at] of this.seen) {
        if (at <= now.getTime()) {
          this.seen.delete(entry);
        }
      }
    }
    this.seen.set(key, until.getTime());
    return Promise.resolve(true);
  }
}
