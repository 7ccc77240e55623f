import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform users (platform admins and auditors: people of no enterprise), and an audit log that
 * says who, from where and why: the acting person's email, the client used, the source address,
 * the reason given, and the enterprise the change concerns (for its admins' own trail); a label
 * on each client secret.
 */
export class AddPlatformUsersAndAuditDetails1796900000000 implements MigrationInterface {
  name = 'AddPlatformUsersAndAuditDetails1796900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."users" DROP CONSTRAINT "users_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "accounts"."users" ADD CONSTRAINT "users_kind_check" CHECK ("kind" IN ('enterprise', 'individual', 'platform'))`,
    );
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" ADD "actor_email" text`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" ADD "client_id" text`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" ADD "source_address" text`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" ADD "reason" text`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" ADD "enterprise_id" uuid`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_enterprise_id_at_id_idx" ON "accounts"."audit_log" ("enterprise_id", "at", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "accounts"."system_account_secrets" ADD "label" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."system_account_secrets" DROP COLUMN "label"`);
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_enterprise_id_at_id_idx"`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" DROP COLUMN "enterprise_id"`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" DROP COLUMN "reason"`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" DROP COLUMN "source_address"`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" DROP COLUMN "client_id"`);
    await queryRunner.query(`ALTER TABLE "accounts"."audit_log" DROP COLUMN "actor_email"`);
    await queryRunner.query(`ALTER TABLE "accounts"."users" DROP CONSTRAINT "users_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "accounts"."users" ADD CONSTRAINT "users_kind_check" CHECK ("kind" IN ('enterprise', 'individual'))`,
    );
  }
}
