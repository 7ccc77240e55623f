import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A system account's access-token lifetime may be as short as 5 seconds (was 60): for
 * high-risk clients and for tests of expiry. Written by hand: TypeORM's generator does
 * not compare the expression of a check constraint that keeps its name.
 */
export class AllowFiveSecondTokens1796659800000 implements MigrationInterface {
  name = 'AllowFiveSecondTokens1796659800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP CONSTRAINT "system_accounts_access_token_ttl_seconds_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD CONSTRAINT "system_accounts_access_token_ttl_seconds_check" CHECK ("access_token_ttl_seconds" BETWEEN 5 AND 86400)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Lifetimes under a minute cannot stay: they fall back to the server's default (null).
    await queryRunner.query(
      `UPDATE "accounts"."system_accounts" SET "access_token_ttl_seconds" = NULL WHERE "access_token_ttl_seconds" < 60`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP CONSTRAINT "system_accounts_access_token_ttl_seconds_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD CONSTRAINT "system_accounts_access_token_ttl_seconds_check" CHECK ("access_token_ttl_seconds" BETWEEN 60 AND 86400)`,
    );
  }
}
