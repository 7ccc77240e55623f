import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Password grant lock-out: failed attempts per username, shared by every instance. */
export class CreatePasswordGrantThrottles1795956268272 implements MigrationInterface {
  name = 'CreatePasswordGrantThrottles1795956268272';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."password_grant_throttles" ("username" text NOT NULL, "failures" integer NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "password_grant_throttles_pkey" PRIMARY KEY ("username"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."password_grant_throttles"`);
  }
}
