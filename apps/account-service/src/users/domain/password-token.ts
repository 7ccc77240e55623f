import { randomBytes } from 'node:crypto';
import { InvalidPasswordToken } from '../user.errors.js';

export type PasswordTokenPurpose = 'invitation' | 'reset';
export const PASSWORD_TOKEN_PURPOSES: readonly PasswordTokenPurpose[] = ['invitation', 'reset'];

/** How long a token can be redeemed, in seconds: an invitation waits days, a reset an hour. */
export const PASSWORD_TOKEN_TTL_SECONDS: Readonly<Record<PasswordTokenPurpose, number>> = {
  invitation: 72 * 60 * 60,
  reset: 60 * 60,
};

/** Recognisable if leaked (secret scanners); 256 random bits. */
export const PASSWORD_TOKEN_PREFIX = 'pt_';

export function generatePasswordToken(): string {
  return PASSWORD_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** A one-time token as stored: its keyed hash only (like client secrets), never the token. */
export interface PasswordToken {
  readonly id: string;
  readonly userId: string;
  readonly purpose: PasswordTokenPurpose;
  readonly hash: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** When it was redeemed. */
  readonly usedAt: Date | null;
  /** When a newer token (or the user's deletion) made it void. */
  readonly voidedAt: Date | null;
}

export function issuePasswordToken(
  id: string,
  userId: string,
  purpose: PasswordTokenPurpose,
  hash: string,
  now: Date,
): PasswordToken {
  return {
    id,
    userId,
    purpose,
    hash,
    createdAt: now,
    expiresAt: new Date(now.getTime() + PASSWORD_TOKEN_TTL_SECONDS[purpose] * 1000),
    usedAt: null,
    voidedAt: null,
  };
}

/** Whether the token can still be redeemed at `now`: not used, not voided, not expired (the end is exclusive). */
export function isRedeemable(token: PasswordToken, now: Date): boolean {
  return (
    token.usedAt === null && token.voidedAt === null && now.getTime() < token.expiresAt.getTime()
  );
}

/** Marks the token used at `now`. Throws InvalidPasswordToken when it cannot be redeemed. */
export function redeemPasswordToken(token: PasswordToken, now: Date): PasswordToken {
  if (!isRedeemable(token, now)) {
    throw new InvalidPasswordToken();
  }
  return { ...token, usedAt: now };
}
