import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface TotpRow {
  readonly userId: string;
  /** The base32 secret, encrypted (KeyEncryption, bound to the user). */
  readonly secretCiphertext: string;
  readonly confirmedAt: Date | null;
  /** RFC 6238 time step of the last code accepted; a code of that step or earlier is refused. */
  readonly lastTimeStep: number | null;
}

/**
 * Users' second factors in the auth schema: one TOTP secret each and their recovery codes'
 * hashes. Every acceptance is one conditional UPDATE, so two instances (or 50 parallel posts)
 * accept a code once.
 */
export abstract class SecondFactorsRepository {
  abstract findTotp(userId: string): Promise<TotpRow | null>;
  /** Stores an unconfirmed secret unless the user has one; returns the one kept. */
  abstract createPendingTotp(userId: string, secretCiphertext: string, now: Date): Promise<TotpRow>;
  /**
   * Confirms the pending secret with a code of `timeStep`; false when it was confirmed
   * already (by a parallel post) or is gone.
   */
  abstract confirmTotp(userId: string, timeStep: number, now: Date): Promise<boolean>;
  /** Records a code of `timeStep` as used; false when that step or a later one was used already. */
  abstract acceptTimeStep(userId: string, timeStep: number): Promise<boolean>;
  /** Replaces the user's recovery codes with these hashes. */
  abstract replaceRecoveryCodes(
    userId: string,
    codeHashes: readonly string[],
    now: Date,
  ): Promise<void>;
  /** Spends the recovery code with this hash; false when unknown or spent already. */
  abstract spendRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean>;
}

interface TotpRecord {
  user_id: string;
  secret_ciphertext: string;
  confirmed_at: Date | null;
  last_time_step: string | null;
}

function totpRow(row: TotpRecord): TotpRow {
  return {
    userId: row.user_id,
    secretCiphertext: row.secret_ciphertext,
    confirmedAt: row.confirmed_at,
    lastTimeStep: row.last_time_step === null ? null : Number(row.last_time_step),
  };
}

@Injectable()
export class SqlSecondFactorsRepository implements SecondFactorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findTotp(userId: string): Promise<TotpRow | null> {
    const rows: TotpRecord[] = await this.dataSource.query(
      `SELECT user_id, secret_ciphertext, confirmed_at, last_time_step FROM auth.user_totp
        WHERE user_id = $1`,
      [userId],
    );
    return rows[0] ? totpRow(rows[0]) : null;
  }

  async createPendingTotp(userId: string, secretCiphertext: string, now: Date): Promise<TotpRow> {
    await this.dataSource.query(
      `INSERT INTO auth.user_totp (user_id, secret_ciphertext, created_at)
       VALUES ($1, $2, $3) ON CONFLICT (user_id) DO NOTHING`,
      [userId, secretCiphertext, now],
    );
    return (await this.findTotp(userId))!;
  }

  async confirmTotp(userId: string, timeStep: number, now: Date): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth.user_totp SET confirmed_at = $3, last_time_step = $2
        WHERE user_id = $1 AND confirmed_at IS NULL`,
      [userId, timeStep, now],
    );
    return affected === 1;
  }

  async acceptTimeStep(userId: string, timeStep: number): Promise<boolean> {
    // RFC 6238 §5.2: a verifier must not accept the second attempt of a code once it was used.
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth.user_totp SET last_time_step = $2
        WHERE user_id = $1 AND confirmed_at IS NOT NULL
          AND (last_time_step IS NULL OR last_time_step < $2)`,
      [userId, timeStep],
    );
    return affected === 1;
  }

  async replaceRecoveryCodes(
    userId: string,
    codeHashes: readonly string[],
    now: Date,
  ): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(`DELETE FROM auth.user_recovery_codes WHERE user_id = $1`, [userId]);
      for (const hash of codeHashes) {
        await em.query(
          `INSERT INTO auth.user_recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)`,
          [userId, hash, now],
        );
      }
    });
  }

  async spendRecoveryCode(userId: string, codeHash: string, now: Date): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.dataSource.query(
      `UPDATE auth.user_recovery_codes SET used_at = $3
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, codeHash, now],
    );
    return affected === 1;
  }
}
