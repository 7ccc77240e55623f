import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log read API (issue 3) pages by (at, id) and filters by actor; the
 * (at) index is superseded by (at, id).
 */
export class AddAuditLogIndexes1764748800000 implements MigrationInterface {
  name = 'AddAuditLogIndexes1764748800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "audit_log_at_id_idx" ON "accounts"."audit_log" ("at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "audit_log_actor_id_at_id_idx" ON "accounts"."audit_log" ("actor_id", "at", "id")`,
    );
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_at_idx"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "accounts"."audit_log" ("at")`);
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_actor_id_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_at_id_idx"`);
  }
}
