import { describe, expect, it } from 'vitest';
import {
  type KeyPolicy,
  keysToCreate,
  keyStateAt,
  type KeyWindow,
  publishedKeysAt,
  rotationAt,
  signingKeyAt,
} from './key-schedule.js';

const DAY = 86_400;
const POLICY: KeyPolicy = {
  algorithm: 'ES256',
  rotationSeconds: 30 * DAY,
  publishAfterSeconds: DAY,
};
const T0 = new Date('2026-01-01T00:00:00Z');
const at = (days: number): Date => new Date(T0.getTime() + days * DAY * 1000);
const key = (fromDay: number, algorithm = 'ES256'): KeyWindow => ({
  algorithm,
  notBefore: at(fromDay),
  activeUntil: at(fromDay + 30),
  expiresAt: at(fromDay + 31),
});

describe('key schedule', () => {
  it('creates one key when there is none', () => {
    expect(keysToCreate([], POLICY, T0)).toEqual([
      { algorithm: 'ES256', notBefore: T0, activeUntil: at(30), expiresAt: at(31) },
    ]);
  });

  it('creates nothing while the active key is far from its end', () => {
    expect(keysToCreate([key(0)], POLICY, at(10))).toEqual([]);
  });

  it('creates the successor a day before the active key stops signing, starting where it ends', () => {
    expect(keysToCreate([key(0)], POLICY, at(29))).toEqual([key(30)]);
    expect(keysToCreate([key(0), key(30)], POLICY, at(29))).toEqual([]);
  });

  it('signs with the key whose window holds now, the successor only from its start', () => {
    const keys = [key(0), key(30)];
    expect(signingKeyAt(keys, 'ES256', at(29.9))).toBe(keys[0]);
    expect(signingKeyAt(keys, 'ES256', at(30))).toBe(keys[1]);
  });

  it('publishes a retired key until the last token it signed has expired', () => {
    const keys = [key(0), key(30)];
    expect(publishedKeysAt(keys, at(30.5))).toEqual(keys);
    expect(publishedKeysAt(keys, at(31))).toEqual([keys[1]]);
  });

  it('creates a key of the configured algorithm even when another algorithm has one', () => {
    expect(keysToCreate([key(0, 'RS256')], POLICY, at(1))).toHaveLength(1);
    expect(signingKeyAt([key(0, 'RS256')], 'ES256', at(1))).toBeUndefined();
  });

  it('after a long downtime starts a fresh key now', () => {
    expect(keysToCreate([key(0)], POLICY, at(40))).toEqual([
      { algorithm: 'ES256', notBefore: at(40), activeUntil: at(70), expiresAt: at(71) },
    ]);
  });
});

describe('rotation on demand', () => {
  const GRACE = 60;

  it('creates a key that signs now, retires the current one after its last token', () => {
    const current = key(0);
    const now = at(10);
    const plan = rotationAt([current], POLICY, now, GRACE);
    expect(plan.created).toEqual({
      algorithm: 'ES256',
      notBefore: now,
      activeUntil: at(40),
      expiresAt: at(41),
    });
    expect(plan.changed).toEqual([
      { key: current, activeUntil: now, expiresAt: new Date(at(11).getTime() + GRACE * 1000) },
    ]);
    const after = [
      { ...current, activeUntil: now, expiresAt: plan.changed[0]!.expiresAt },
      plan.created,
    ];
    expect(signingKeyAt(after, 'ES256', now)).toBe(plan.created);
    expect(publishedKeysAt(after, at(11))).toHaveLength(2);
    expect(publishedKeysAt(after, at(12))).toEqual([plan.created]);
  });

  it('never publishes a retiring key longer than it already would be', () => {
    const current = key(0);
    const plan = rotationAt([current], POLICY, at(29.9999), GRACE);
    expect(plan.changed[0]!.expiresAt).toEqual(at(31));
  });

  it('drops a successor made ahead of time and leaves retired keys alone', () => {
    const retired = key(-30);
    const current = key(0);
    const successor = key(30);
    const plan = rotationAt([retired, current, successor], POLICY, at(29.5), GRACE);
    expect(plan.changed.map((change) => change.key)).toEqual([current, successor]);
    expect(plan.changed[1]).toEqual({ key: successor, activeUntil: at(29.5), expiresAt: at(29.5) });
  });

  it('rotates only the keys of its own algorithm: the RS256 key of ID tokens keeps signing', () => {
    const es = key(0);
    const rs = key(0, 'RS256');
    const plan = rotationAt([es, rs], POLICY, at(10), GRACE);
    expect(plan.created.algorithm).toBe('ES256');
    expect(plan.changed.map((change) => change.key)).toEqual([es]);
    expect(signingKeyAt([rs], 'RS256', at(10))).toBe(rs);
  });

  it('names each key state', () => {
    const keys = [key(-30), key(0), key(30)];
    expect(keys.map((k) => keyStateAt(k, keys, 'ES256', at(29.5)))).toEqual([
      'expired',
      'signing',
      'next',
    ]);
    expect(keyStateAt(keys[0]!, keys, 'ES256', at(0.5))).toBe('retired');
  });
});
