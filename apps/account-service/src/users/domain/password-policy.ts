import type { FieldError } from '@charter/service-kit';
import { InvalidUserInput } from '../user.errors.js';

/** Length bounds in characters (Unicode code points), after NIST SP 800-63B §3.1.1.2: long passphrases welcome. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Why `password` is refused for the user with `email`, or null when it is acceptable. */
export function passwordProblem(password: string, email: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_LENGTH.min || length > PASSWORD_LENGTH.max) {
    return `must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters`;
  }
  if (password.trim().toLowerCase() === email.trim().toLowerCase()) {
    return 'must not be the email address';
  }
  return null;
}

/** Throws InvalidUserInput pointing at `pointer` when the password breaks a rule (the message never holds it). */
export function assertAcceptablePassword(
  password: string,
  email: string,
  pointer = '/password',
): void {
  const problem = passwordProblem(password, email);
  if (problem !== null) {
    const errors: FieldError[] = [{ pointer, detail: problem }];
    throw new InvalidUserInput(errors);
  }
}
