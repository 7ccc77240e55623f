import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The password grant counts in `auth.login_throttles` now (moved by the previous migration). */
export class DropPasswordGrantThrottles1795957155877 implements MigrationInterface {
  name = 'DropPasswordGrantThrottles1795957155877';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."password_grant_throttles"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."password_grant_throttles" ("username" text NOT NULL, "failures" integer NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "password_grant_throttles_pkey" PRIMARY KEY ("username"))`,
    );
  }
}
