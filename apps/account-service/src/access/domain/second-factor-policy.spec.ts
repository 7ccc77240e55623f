import { describe, expect, it } from 'vitest';
import { secondFactorMissing } from './second-factor-policy.js';

const REQUIRED = ['enterprise-admin', 'platform-admin'];

describe('secondFactorMissing', () => {
  it('refuses an admin whose token has no amr or a password only', () => {
    expect(secondFactorMissing(['enterprise-admin'], REQUIRED, undefined)).toBe(true);
    expect(secondFactorMissing(['member', 'enterprise-admin'], REQUIRED, ['pwd'])).toBe(true);
    expect(secondFactorMissing(['platform-admin'], REQUIRED, ['pwd', 'otp'])).toBe(true);
  });

  it('lets an admin with mfa, and anyone the policy does not name, through', () => {
    expect(secondFactorMissing(['enterprise-admin'], REQUIRED, ['pwd', 'otp', 'mfa'])).toBe(false);
    expect(secondFactorMissing(['member'], REQUIRED, ['pwd'])).toBe(false);
    expect(secondFactorMissing(['enterprise-admin'], [], undefined)).toBe(false);
  });
});
