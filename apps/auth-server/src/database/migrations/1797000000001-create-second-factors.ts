import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors (issue 16): each user's TOTP secret (encrypted, with the last time step it
 * accepted, so a code is never accepted twice) and hashed single-use recovery codes; the
 * authentication methods (RFC 8176 amr) of each SSO session, and the codes and refresh-token
 * families it starts, so the tokens say how the user signed in.
 */
export class CreateSecondFactors1797000000001 implements MigrationInterface {
  name = 'CreateSecondFactors1797000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."user_totp" ("user_id" uuid NOT NULL, "secret_ciphertext" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "last_time_step" bigint, CONSTRAINT "user_totp_pkey" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "auth"."user_recovery_codes" ("user_id" uuid NOT NULL, "code_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "user_recovery_codes_pkey" PRIMARY KEY ("user_id", "code_hash"))`,
    );
    for (const table of ['login_sessions', 'authorization_codes', 'token_families']) {
      await queryRunner.query(
        `ALTER TABLE "auth"."${table}" ADD "amr" text array NOT NULL DEFAULT '{pwd}'`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['token_families', 'authorization_codes', 'login_sessions']) {
      await queryRunner.query(`ALTER TABLE "auth"."${table}" DROP COLUMN "amr"`);
    }
    await queryRunner.query(`DROP TABLE "auth"."user_recovery_codes"`);
    await queryRunner.query(`DROP TABLE "auth"."user_totp"`);
  }
}
