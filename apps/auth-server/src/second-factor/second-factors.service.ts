import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateURI, verify } from 'otplib';
import { AuthServerConfig } from '../config/auth-server.config.js';
import { KeyEncryption } from '../keys/key-encryption.js';
import type { SecondFactorKind } from './domain/authentication-context.js';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  normaliseRecoveryCode,
} from './domain/recovery-codes.js';
import { SecondFactorsRepository } from './second-factors.repository.js';

export const SECOND_FACTOR_ENCRYPTION = Symbol('SECOND_FACTOR_ENCRYPTION');

/** RFC 6238 §5.2: one time step (30 s) either side of the server's, for clock drift and typing. */
const TOTP_TOLERANCE_SECONDS = 30;
const TOTP_CODE = /^\d{6}$/;

export interface TotpEnrolment {
  /** Base32, for typing into an authenticator app. */
  readonly secret: string;
  /** The otpauth:// URI (Key Uri Format) an app can import. */
  readonly uri: string;
}

/**
 * TOTP (RFC 6238, through otplib) and recovery codes for users. A secret is stored encrypted
 * under KEYS_ENCRYPTION_KEY, bound to its user; a code is accepted once (the last accepted time
 * step is kept, and only a later step passes); a recovery code is spent by its first use.
 * Guessing is limited by the caller, which counts every attempt in the login lock-out first.
 */
@Injectable()
export class SecondFactors {
  constructor(
    private readonly config: AuthServerConfig,
    private readonly repository: SecondFactorsRepository,
    @Inject(SECOND_FACTOR_ENCRYPTION) private readonly encryption: KeyEncryption,
  ) {}

  async isEnrolled(userId: string): Promise<boolean> {
    const row = await this.repository.findTotp(userId);
    return row !== null && row.confirmedAt !== null;
  }

  /**
   * The secret to enrol with: the pending one when the user has one (a reload shows the same
   * secret), else a new one (160 bits, RFC 4226 §4). Null when the user is enrolled already.
   */
  async enrolment(user: { id: string; email: string }, now: Date): Promise<TotpEnrolment | null> {
    let row = await this.repository.findTotp(user.id);
    if (row === null) {
      row = await this.repository.createPendingTotp(
        user.id,
        this.encryption.encrypt(generateSecret({ length: 20 }), associated(user.id)),
        now,
      );
    }
    if (row.confirmedAt !== null) {
      return null;
    }
    const secret = this.encryption.decrypt(row.secretCiphertext, associated(user.id));
    return {
      secret,
      uri: generateURI({ issuer: this.config.TOTP_ISSUER, label: user.email, secret }),
    };
  }

  /**
   * Confirms the pending secret with a first code; returns the fresh recovery codes (shown
   * once), or null when the code is wrong or the secret was confirmed already.
   */
  async confirm(userId: string, code: string, now: Date): Promise<string[] | null> {
    const row = await this.repository.findTotp(userId);
    if (row === null || row.confirmedAt !== null) {
      return null;
    }
    const step = await this.matchingStep(row.secretCiphertext, userId, code, null, now);
    if (step === null || !(await this.repository.confirmTotp(userId, step, now))) {
      return null;
    }
    const codes = newRecoveryCodes((size) => randomBytes(size));
    await this.repository.replaceRecoveryCodes(
      userId,
      codes.map((recovery) => hashRecoveryCode(userId, normaliseRecoveryCode(recovery)!)),
      now,
    );
    return codes;
  }

  /** Checks a TOTP code or a recovery code of an enrolled user; which one passed, or null. */
  async verify(userId: string, code: string, now: Date): Promise<SecondFactorKind | null> {
    const typed = code.trim();
    const row = await this.repository.findTotp(userId);
    if (row === null || row.confirmedAt === null) {
      return null;
    }
    if (TOTP_CODE.test(typed)) {
      const step = await this.matchingStep(
        row.secretCiphertext,
        userId,
        typed,
        row.lastTimeStep,
        now,
      );
      return step !== null && (await this.repository.acceptTimeStep(userId, step)) ? 'totp' : null;
    }
    const recovery = normaliseRecoveryCode(typed);
    if (recovery === null) {
      return null;
    }
    return (await this.repository.spendRecoveryCode(
      userId,
      hashRecoveryCode(userId, recovery),
      now,
    ))
      ? 'recovery_code'
      : null;
  }

  /** The time step a well-formed code matches at `now`, after `afterStep`; null when none. */
  private async matchingStep(
    ciphertext: string,
    userId: string,
    code: string,
    afterStep: number | null,
    now: Date,
  ): Promise<number | null> {
    if (!TOTP_CODE.test(code)) {
      return null;
    }
    const result = await verify({
      secret: this.encryption.decrypt(ciphertext, associated(userId)),
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOTP_TOLERANCE_SECONDS,
      ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}

/** Binds a ciphertext to its user: a secret copied onto another user's row does not decrypt. */
function associated(userId: string): string {
  return `totp:${userId}`;
}
