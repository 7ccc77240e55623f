/** When a key signs and how long it stays published; plain data so the rules test without a database. */
export interface KeyWindow {
  readonly algorithm: string;
  readonly notBefore: Date;
  readonly activeUntil: Date;
  readonly expiresAt: Date;
}

export interface KeyPolicy {
  readonly algorithm: string;
  /** How long one key signs, in seconds (KEYS_ROTATION_INTERVAL). */
  readonly rotationSeconds: number;
  /** The longest lifetime of a token it signs: the key stays in the JWKS that long after it stops signing. */
  readonly publishAfterSeconds: number;
}

/**
 * How long before a key stops signing its successor is created and published, so
 * every instance and every resource server's JWKS cache knows the successor
 * before the first token signed with it arrives.
 */
export function successorLeadSeconds(policy: KeyPolicy): number {
  return Math.min(Math.floor(policy.rotationSeconds / 2), 86_400);
}

const plus = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

/** The key that signs at `now`: of the configured algorithm, in its window, the newest one. */
export function signingKeyAt<K extends KeyWindow>(
  keys: readonly K[],
  algorithm: string,
  now: Date,
): K | undefined {
  return keys
    .filter((key) => key.algorithm === algorithm && key.notBefore <= now && now < key.activeUntil)
    .sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
}

/** Keys whose public half the JWKS serves at `now`. */
export function publishedKeysAt<K extends KeyWindow>(keys: readonly K[], now: Date): K[] {
  return keys.filter((key) => now < key.expiresAt);
}

function window(policy: KeyPolicy, notBefore: Date): KeyWindow {
  const activeUntil = plus(notBefore, policy.rotationSeconds);
  return {
    algorithm: policy.algorithm,
    notBefore,
    activeUntil,
    expiresAt: plus(activeUntil, policy.publishAfterSeconds),
  };
}

/**
 * The keys to create now so that one signs at `now` and, once the current one is
 * within the lead time of its end, its successor already exists.
 */
export function keysToCreate(
  existing: readonly KeyWindow[],
  policy: KeyPolicy,
  now: Date,
): KeyWindow[] {
  const created: KeyWindow[] = [];
  let current = signingKeyAt(existing, policy.algorithm, now);
  if (!current) {
    current = window(policy, now);
    created.push(current);
  }
  const end = current.activeUntil;
  const withinLead = end.getTime() - now.getTime() <= successorLeadSeconds(policy) * 1000;
  const hasSuccessor = existing.some(
    (key) => key.algorithm === policy.algorithm && key.notBefore <= end && end < key.activeUntil,
  );
  if (withinLead && !hasSuccessor) {
    created.push(window(policy, end));
  }
  return created;
}

/** A key's window after a rotation by command. */
export interface KeyWindowChange<K extends KeyWindow> {
  readonly key: K;
  readonly activeUntil: Date;
  readonly expiresAt: Date;
}

export interface RotationPlan<K extends KeyWindow> {
  /** The new key: it signs from `now`. */
  readonly created: KeyWindow;
  /** Keys that stop signing now (the current one) or never will (pending successors). */
  readonly changed: ReadonlyArray<KeyWindowChange<K>>;
}

/**
 * Rotation on demand (`keys:rotate`) of the policy's algorithm: a new key signs from `now`.
 * The key that signed until now stops signing but stays published until its last token can
 * have expired: `publishAfterSeconds`, plus `graceSeconds` for instances that still sign with
 * it until their next refresh. A successor created ahead of time never signed: it is dropped.
 * Keys of other algorithms are left as they are.
 */
export function rotationAt<K extends KeyWindow>(
  existing: readonly K[],
  policy: KeyPolicy,
  now: Date,
  graceSeconds: number,
): RotationPlan<K> {
  const lastTokenExpiry = plus(now, policy.publishAfterSeconds + graceSeconds);
  const changed: Array<KeyWindowChange<K>> = [];
  for (const key of existing) {
    if (key.algorithm !== policy.algorithm || key.activeUntil <= now) {
      continue; // already retired: its publication window stays as it is
    }
    if (key.notBefore > now) {
      changed.push({ key, activeUntil: now, expiresAt: now });
    } else {
      changed.push({
        key,
        activeUntil: now,
        expiresAt: key.expiresAt < lastTokenExpiry ? key.expiresAt : lastTokenExpiry,
      });
    }
  }
  return { created: window(policy, now), changed };
}

/** What `keys:list` says of a key at `now`. */
export type KeyState = 'signing' | 'next' | 'retired' | 'expired';

export function keyStateAt<K extends KeyWindow>(
  key: K,
  keys: readonly K[],
  algorithm: string,
  now: Date,
): KeyState {
  if (now >= key.expiresAt) {
    return 'expired';
  }
  if (signingKeyAt(keys, algorithm, now) === key) {
    return 'signing';
  }
  return key.notBefore > now ? 'next' : 'retired';
}
