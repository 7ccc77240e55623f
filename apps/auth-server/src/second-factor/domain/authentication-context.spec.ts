import { describe, expect, it } from 'vitest';
import {
  ACR_MFA,
  ACR_PASSWORD,
  acrFor,
  completesFreshSignIn,
  PASSWORD_ONLY,
  SECOND_STEP_WINDOW_MS,
  secondStepDue,
  withSecondFactor,
} from './authentication-context.js';

const base = {
  roles: ['member'],
  requiredRoles: ['enterprise-admin', 'platform-admin'],
  enrolled: false,
  acrValues: [] as string[],
  amr: PASSWORD_ONLY,
};

describe('secondStepDue', () => {
  it('asks nothing of a user outside the policy, not enrolled, with no acr_values', () => {
    expect(secondStepDue(base)).toBe('none');
  });

  it('makes a user the policy names enrol, then verify', () => {
    expect(secondStepDue({ ...base, roles: ['enterprise-admin'] })).toBe('enrol');
    expect(secondStepDue({ ...base, roles: ['enterprise-admin'], enrolled: true })).toBe('verify');
  });

  it('asks an enrolled user always, and a user who asked for ACR_MFA', () => {
    expect(secondStepDue({ ...base, enrolled: true })).toBe('verify');
    expect(secondStepDue({ ...base, acrValues: [ACR_PASSWORD, ACR_MFA] })).toBe('enrol');
    expect(secondStepDue({ ...base, acrValues: [ACR_PASSWORD] })).toBe('none');
  });

  it('asks nothing once the session has a second factor', () => {
    expect(
      secondStepDue({
        ...base,
        roles: ['platform-admin'],
        enrolled: true,
        amr: ['pwd', 'otp', 'mfa'],
      }),
    ).toBe('none');
  });

  it('an empty policy asks nobody', () => {
    expect(secondStepDue({ ...base, roles: ['enterprise-admin'], requiredRoles: [] })).toBe('none');
  });
});

describe('amr and acr', () => {
  it('a password alone is pwd; a second factor adds otp and mfa', () => {
    expect(acrFor(PASSWORD_ONLY)).toBe(ACR_PASSWORD);
    expect(withSecondFactor('totp')).toEqual(['pwd', 'otp', 'mfa']);
    expect(withSecondFactor('recovery_code')).toEqual(['pwd', 'otp', 'mfa']);
    expect(acrFor(withSecondFactor('totp'))).toBe(ACR_MFA);
  });
});

describe('completesFreshSignIn', () => {
  const passwordAt = new Date('2026-12-08T10:00:00Z');
  const after = (ms: number): Date => new Date(passwordAt.getTime() + ms);

  it('completes the sign-in whose password step was just taken', () => {
    expect(completesFreshSignIn(PASSWORD_ONLY, passwordAt, after(SECOND_STEP_WINDOW_MS))).toBe(
      true,
    );
  });

  it('does not when the password step is older than the window', () => {
    expect(completesFreshSignIn(PASSWORD_ONLY, passwordAt, after(SECOND_STEP_WINDOW_MS + 1))).toBe(
      false,
    );
  });

  it('does not when the session already had both factors', () => {
    expect(completesFreshSignIn(withSecondFactor('totp'), passwordAt, after(1_000))).toBe(false);
  });
});
