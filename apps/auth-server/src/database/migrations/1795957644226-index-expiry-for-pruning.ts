import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The expired-state pruner deletes by expiry: index the columns it filters on. */
export class IndexExpiryForPruning1795957644226 implements MigrationInterface {
  name = 'IndexExpiryForPruning1795957644226';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "refresh_tokens_expires_at_idx" ON "auth"."refresh_tokens" ("expires_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "family_access_tokens_expires_at_idx" ON "auth"."family_access_tokens" ("expires_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "login_throttles_window_start_idx" ON "auth"."login_throttles" ("window_start")`,
    );
    await queryRunner.query(
      `CREATE INDEX "consents_client_id_idx" ON "auth"."consents" ("client_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth"."consents_client_id_idx"`);
    await queryRunner.query(`DROP INDEX "auth"."login_throttles_window_start_idx"`);
    await queryRunner.query(`DROP INDEX "auth"."family_access_tokens_expires_at_idx"`);
    await queryRunner.query(`DROP INDEX "auth"."refresh_tokens_expires_at_idx"`);
  }
}
