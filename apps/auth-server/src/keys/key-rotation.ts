import type { TransactionRunner } from '@charter/service-kit';
import type { AuthServerConfig, SigningAlgorithm } from '../config/auth-server.config.js';
import { type KeyPolicy, type KeyState, keyStateAt, rotationAt } from './domain/key-schedule.js';
import type { KeyEncryption } from './key-encryption.js';
import { associatedData, generateSigningKey } from './signing-key-generator.js';
import { signingKeyPolicies } from './signing-key-policies.js';
import type { SigningKeysRepository } from './signing-keys.repository.js';

/** One key as `keys:list` and `keys:rotate` print it (never the private half). */
export interface KeySummary {
  readonly kid: string;
  readonly algorithm: string;
  readonly state: KeyState;
  readonly notBefore: string;
  readonly activeUntil: string;
  readonly expiresAt: string;
}

/**
 * The operator's view of the signing keys: list them, or rotate now (a new key of each
 * algorithm, or of one, signs from now; the one it replaces stays in the JWKS until its
 * last token can have expired). Runs under the same advisory lock as the instances' own
 * key creation.
 */
export class KeyRotation {
  private readonly policies: readonly KeyPolicy[];
  /** Instances learn of the rotation at their next refresh; until then they may still sign with the old key. */
  private readonly graceSeconds: number;

  constructor(
    config: AuthServerConfig,
    private readonly repository: SigningKeysRepository,
    private readonly tx: TransactionRunner,
    private readonly encryption: KeyEncryption,
  ) {
    this.policies = signingKeyPolicies(config);
    this.graceSeconds = 2 * config.KEYS_REFRESH_INTERVAL;
  }

  async list(now: Date): Promise<KeySummary[]> {
    return this.tx.run(async (em) => {
      const keys = await this.repository.findUnexpired(em, now);
      return keys.map((key) => summary(key, keyStateAt(key, keys, key.algorithm, now)));
    });
  }

  /**
   * Rotates the keys of `algorithm`, or of every algorithm when null, in one transaction.
   * Returns the new keys and the keys whose windows changed, as they are now.
   */
  async rotate(
    now: Date,
    algorithm: SigningAlgorithm | null = null,
  ): Promise<{ created: KeySummary[]; retired: KeySummary[] }> {
    return this.tx.run(async (em) => {
      await this.repository.lockForCreation(em);
      const existing = await this.repository.findUnexpired(em, now);
      const created: KeySummary[] = [];
      const retired: KeySummary[] = [];
      for (const policy of this.policies) {
        if (algorithm !== null && policy.algorithm !== algorithm) {
          continue;
        }
        const plan = rotationAt(existing, policy, now, this.graceSeconds);
        for (const change of plan.changed) {
          const window = { activeUntil: change.activeUntil, expiresAt: change.expiresAt };
          await this.repository.updateWindow(em, change.key.kid, window);
          const updated = { ...change.key, ...window };
          retired.push(summary(updated, change.expiresAt <= now ? 'expired' : 'retired'));
        }
        const key = await generateSigningKey(plan.created, now, this.encryption);
        await this.repository.insert(em, key);
        created.push(summary(key, 'signing'));
      }
      return { created, retired };
    });
  }

  /**
   * Re-encrypts every stored private key that is not under the current KEYS_ENCRYPTION_KEY
   * (after a rotation of that key), in one transaction under the key-creation lock. A key that
   * opens under none of the configured keys is left as it is and named in `undecryptable`.
   */
  async rewrap(): Promise<RewrapResult> {
    return this.tx.run(async (em) => {
      await this.repository.lockForCreation(em);
      const keys = await this.repository.findAll(em);
      const result: RewrapResult = { rewrapped: [], alreadyCurrent: [], undecryptable: [] };
      for (const key of keys) {
        const associated = associatedData(key.kid, key.algorithm);
        let opened: { plaintext: string; keyIndex: number };
        try {
          opened = this.encryption.open(key.privateJwkEncrypted, associated);
        } catch {
          result.undecryptable.push(key.kid);
          continue;
        }
        if (opened.keyIndex === 0) {
          result.alreadyCurrent.push(key.kid);
          continue;
        }
        const blob = this.encryption.encrypt(opened.plaintext, associated);
        await this.repository.updateEncryptedKey(em, key.kid, blob);
        result.rewrapped.push(key.kid);
      }
      return result;
    });
  }
}

/** What `keys:rewrap` did, by key id. */
export interface RewrapResult {
  readonly rewrapped: string[];
  readonly alreadyCurrent: string[];
  readonly undecryptable: string[];
}

function summary(
  key: { kid: string; algorithm: string; notBefore: Date; activeUntil: Date; expiresAt: Date },
  state: KeyState,
): KeySummary {
  return {
    kid: key.kid,
    algorithm: key.algorithm,
    state,
    notBefore: key.notBefore.toISOString(),
    activeUntil: key.activeUntil.toISOString(),
    expiresAt: key.expiresAt.toISOString(),
  };
}
