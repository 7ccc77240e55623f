import { describe, expect, it } from 'vitest';
import {
  type KeyPolicy,
  keysToCreate,
  type KeyWindow,
  publishedKeysAt,
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
