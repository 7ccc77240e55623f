import type { TransactionRunner } from '@charter/service-kit';
import { type AuthServerConfig, MAX_ACCESS_TOKEN_TTL } from '../config/auth-server.config.js';
import { type KeyPolicy, type KeyState, keyStateAt, rotationAt } from './domain/key-schedule.js';
import type { KeyEncryption } from './key-encryption.js';
import { generateSigningKey } from './signing-key-generator.js';
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
 * The operator's view of the signing keys: list them, or rotate now (a new key signs
 * from now; the one it replaces stays in the JWKS until its last token can have
 * expired). Runs under the same advisory lock as the instances' own key creation.
 */
export class KeyRotation {
  private readonly policy: KeyPolicy;
  /** Instances learn of the rotation at their next refresh; until then they may still sign with the old key. */
  private readonly graceSeconds: number;

  constructor(
    config: AuthServerConfig,
    private readonly repository: SigningKeysRepository,
    private readonly tx: TransactionRunner,
    private readonly encryption: KeyEncryption,
  ) {
    this.policy = {
      algorithm: config.KEYS_ALGORITHM,
      rotationSeconds: config.KEYS_ROTATION_INTERVAL,
      publishAfterSeconds: MAX_ACCESS_TOKEN_TTL,
    };
    this.graceSeconds = 2 * config.KEYS_REFRESH_INTERVAL;
  }

  async list(now: Date): Promise<KeySummary[]> {
    return this.tx.run(async (em) => {
      const keys = await this.repository.findUnexpired(em, now);
      return keys.map((key) => summary(key, keyStateAt(key, keys, this.policy.algorithm, now)));
    });
  }

  /** Returns the new key and the keys whose windows changed, as they are now. */
  async rotate(now: Date): Promise<{ created: KeySummary; retired: KeySummary[] }> {
    return this.tx.run(async (em) => {
      await this.repository.lockForCreation(em);
      const existing = await this.repository.findUnexpired(em, now);
      const plan = rotationAt(existing, this.policy, now, this.graceSeconds);
      const retired: KeySummary[] = [];
      for (const change of plan.changed) {
        const window = { activeUntil: change.activeUntil, expiresAt: change.expiresAt };
        await this.repository.updateWindow(em, change.key.kid, window);
        const updated = { ...change.key, ...window };
        retired.push(summary(updated, change.expiresAt <= now ? 'expired' : 'retired'));
      }
      const created = await generateSigningKey(plan.created, now, this.encryption);
      await this.repository.insert(em, created);
      return { created: summary(created, 'signing'), retired };
    });
  }
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
