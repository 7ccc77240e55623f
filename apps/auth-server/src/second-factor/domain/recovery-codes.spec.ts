import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js';

describe('recovery codes', () => {
  it('makes ten distinct codes of two groups of five', () => {
    const codes = newRecoveryCodes((size) => randomBytes(size));
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{5}-[0-9a-hjkmnp-tv-z]{5}$/);
    }
  });

  it('normalises what a user types; refuses what cannot be a code', () => {
    expect(normaliseRecoveryCode(' AB3DE-FG4HJ ')).toBe('ab3defg4hj');
    expect(normaliseRecoveryCode('ab3de fg4hj')).toBe('ab3defg4hj');
    expect(normaliseRecoveryCode('123456')).toBeNull();
    expect(normaliseRecoveryCode('abcde-fghij')).toBeNull(); // i is not in the alphabet
    expect(normaliseRecoveryCode('')).toBeNull();
  });

  it('hashes per user: the same code of two users differs', () => {
    expect(hashRecoveryCode('u1', 'ab3defg4hj')).not.toBe(hashRecoveryCode('u2', 'ab3defg4hj'));
    expect(hashRecoveryCode('u1', 'ab3defg4hj')).toBe(hashRecoveryCode('u1', 'ab3defg4hj'));
  });
});
