import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';
import {
  generatePasswordToken,
  issuePasswordToken,
  isRedeemable,
  redeemPasswordToken,
} from './password-token.js';

const T0 = new Date('2025-01-01T00:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('password tokens', () => {
  it('are prefixed and carry 256 random bits', () => {
    expect(generatePasswordToken()).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
    expect(generatePasswordToken()).not.toBe(generatePasswordToken());
  });

  it('last 72 hours for an invitation and 1 hour for a reset, the end exclusive', () => {
    const invitation = issuePasswordToken('id', 'user', 'invitation', 'h', T0);
    expect(invitation.expiresAt).toEqual(at(72 * 3600_000));
    const reset = issuePasswordToken('id', 'user', 'reset', 'h', T0);
    expect(isRedeemable(reset, at(3600_000 - 1))).toBe(true);
    expect(isRedeemable(reset, at(3600_000))).toBe(false);
  });

  it('are single use and refuse voided ones, all with the same error', () => {
    const token = issuePasswordToken('id', 'user', 'reset', 'h', T0);
    const used = redeemPasswordToken(token, at(1));
    expect(used.usedAt).toEqual(at(1));
    expect(() => redeemPasswordToken(used, at(2))).toThrow(
      expect.objectContaining({ code: 'invalid_password_token' }),
    );
    expect(() => redeemPasswordToken({ ...token, voidedAt: at(1) }, at(2))).toThrow(
      expect.objectContaining({ code: 'invalid_password_token' }),
    );
  });
});

describe('password policy', () => {
  it.each([
    ['x'.repeat(12), null],
    ['x'.repeat(256), null],
    ['😀'.repeat(12), null],
    ['x'.repeat(11), 'must be 12 to 256 characters'],
    ['x'.repeat(257), 'must be 12 to 256 characters'],
    ['Long.Person@Example.com', 'must not be the email address'],
  ])('%s → %s', (password, problem) => {
    expect(passwordProblem(password, 'long.person@example.com')).toBe(problem);
  });
});
