/**
 * The admin API's second-factor rule (issue 16): a user holding a role the policy names
 * (MFA_REQUIRED_ROLES) acts only with a token whose sign-in used a second factor. Pure.
 */

/** The acr a client asks for to get a second factor (the auth-server's `ACR_MFA`). */
export const SECOND_FACTOR_ACR = 'urn:charter:acr:mfa';

/** True when the user's token lacks the second factor the policy requires of them. */
export function secondFactorMissing(
  userRoles: readonly string[],
  requiredRoles: readonly string[],
  amr: readonly string[] | undefined,
): boolean {
  const required = userRoles.some((role) => requiredRoles.includes(role));
  return required && !(amr ?? []).includes('mfa');
}
