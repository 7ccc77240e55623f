import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One lock-out for the login form and the password grant: the password grant's counts move
 * into `auth.login_throttles` under the login form's account key. Where both held a count for
 * the same name, the failures add up and the later lock wins, so no one gains tries.
 */
export class MovePasswordGrantThrottles1795957155876 implements MigrationInterface {
  name = 'MovePasswordGrantThrottles1795957155876';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "auth"."login_throttles" AS t ("key", "failures", "window_start", "locked_until")
      SELECT 'account:' || "username", "failures", "window_start", "locked_until"
        FROM "auth"."password_grant_throttles"
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = t."failures" + EXCLUDED."failures",
        "window_start" = LEAST(t."window_start", EXCLUDED."window_start"),
        "locked_until" = GREATEST(t."locked_until", EXCLUDED."locked_until")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "auth"."password_grant_throttles" ("username", "failures", "window_start", "locked_until")
      SELECT substr("key", length('account:') + 1), "failures", "window_start", "locked_until"
        FROM "auth"."login_throttles" WHERE "key" LIKE 'account:%'
      ON CONFLICT ("username") DO NOTHING`);
  }
}
