/**
 * How a sign-in authenticated the user, and what a request or a policy asks of it: the
 * `amr` values (RFC 8176 §2) and `acr` classes (OIDC Core §2) in Charter's tokens. Pure.
 */

/** A password alone. */
export const ACR_PASSWORD = 'urn:charter:acr:pwd';
/** A password and a second factor (TOTP or a recovery code). */
export const ACR_MFA = 'urn:charter:acr:mfa';
/** The classes this server can satisfy, weakest first (discovery's `acr_values_supported`). */
export const SUPPORTED_ACR_VALUES: readonly string[] = [ACR_PASSWORD, ACR_MFA];

/** RFC 8176 §2: the methods Charter records. */
export type AuthenticationMethod = 'pwd' | 'otp' | 'mfa';

/** The second factors a sign-in can finish with. */
export type SecondFactorKind = 'totp' | 'recovery_code';

export const PASSWORD_ONLY: readonly AuthenticationMethod[] = ['pwd'];

/**
 * The `amr` after a password and a second factor. A recovery code is a one-time password the
 * user was given at enrolment (RFC 8176 `otp`), so both second factors read `otp`; `mfa` says
 * that more than one factor was used.
 */
export function withSecondFactor(kind: SecondFactorKind): readonly AuthenticationMethod[] {
  switch (kind) {
    case 'totp':
    case 'recovery_code':
      return ['pwd', 'otp', 'mfa'];
  }
}

/** True when the methods include a second factor. */
export function isMultiFactor(amr: readonly string[]): boolean {
  return amr.includes('mfa');
}

/** The `acr` a sign-in with these methods satisfies. */
export function acrFor(amr: readonly string[]): string {
  return isMultiFactor(amr) ? ACR_MFA : ACR_PASSWORD;
}

/** True when one of the user's roles is one the policy requires a second factor for. */
export function policyRequiresSecondFactor(
  roles: readonly string[],
  requiredRoles: readonly string[],
): boolean {
  return roles.some((role) => requiredRoles.includes(role));
}

export interface SecondStepInput {
  /** The user's roles (projection). */
  readonly roles: readonly string[];
  /** MFA_REQUIRED_ROLES. */
  readonly requiredRoles: readonly string[];
  /** The user has a confirmed second factor. */
  readonly enrolled: boolean;
  /** OIDC Core §3.1.2.1 acr_values of the request. */
  readonly acrValues: readonly string[];
  /** The session's methods so far. */
  readonly amr: readonly string[];
}

/**
 * What the sign-in still needs before the session may be used: nothing, the second step
 * (`verify`), or enrolment first (`enrol`). A second factor is asked when the user has one (a
 * user who enrolled always uses it), when the policy requires one for a role of theirs, or when
 * the client asked for ACR_MFA (OIDC Core §3.1.2.1: acr_values are voluntary, but a class we
 * can satisfy is satisfied, by stepping up).
 */
export function secondStepDue(input: SecondStepInput): 'none' | 'verify' | 'enrol' {
  if (isMultiFactor(input.amr)) {
    return 'none';
  }
  const wanted =
    input.enrolled ||
    policyRequiresSecondFactor(input.roles, input.requiredRoles) ||
    input.acrValues.includes(ACR_MFA);
  if (!wanted) {
    return 'none';
  }
  return input.enrolled ? 'verify' : 'enrol';
}

/** How long after its password step a second step still completes that sign-in. */
export const SECOND_STEP_WINDOW_MS = 5 * 60_000;

/**
 * Whether a second step just taken completes a fresh sign-in (as a password does), which OIDC
 * Core §3.1.2.1's `prompt=login` and `max_age` ask for: only when it follows a password step of
 * this sign-in, i.e. the session had the password alone and got it moments ago. A code posted into
 * a session that already had both factors, or whose password is old, authenticates nobody anew:
 * the password is asked again.
 */
export function completesFreshSignIn(
  sessionAmr: readonly string[],
  passwordAt: Date,
  now: Date,
): boolean {
  return (
    !isMultiFactor(sessionAmr) && now.getTime() - passwordAt.getTime() <= SECOND_STEP_WINDOW_MS
  );
}
