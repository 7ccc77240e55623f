import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The lock-out counts attempts with an exponential back-off now: a key forgets its count
 * after a quiet spell that begins at its last attempt, not at the start of a fixed window.
 */
export class LoginThrottlesLastFailure1795961300000 implements MigrationInterface {
  name = 'LoginThrottlesLastFailure1795961300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth"."login_throttles" RENAME COLUMN "window_start" TO "last_failure_at"`,
    );
    await queryRunner.query(
      `ALTER INDEX "auth"."login_throttles_window_start_idx" RENAME TO "login_throttles_last_failure_at_idx"`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER INDEX "auth"."login_throttles_last_failure_at_idx" RENAME TO "login_throttles_window_start_idx"`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."login_throttles" RENAME COLUMN "last_failure_at" TO "window_start"`,
    );
  }
}
