import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users (enterprise and individual; emails stored lower-cased, so the unique
 * constraint is case-insensitive) and their one-time password tokens (keyed hashes).
 */
export class CreateUsers1795955582437 implements MigrationInterface {
  name = 'CreateUsers1795955582437';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts"."users" ("id" uuid NOT NULL, "kind" text NOT NULL, "enterprise_id" uuid, "email" text NOT NULL, "name" text NOT NULL, "roles" text array NOT NULL, "status" text NOT NULL, "email_verified" boolean NOT NULL, "password_hash" text, "password_changed_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_email_check" CHECK ("email" = lower("email")), CONSTRAINT "users_enterprise_id_check" CHECK (("kind" = 'enterprise') = ("enterprise_id" IS NOT NULL)), CONSTRAINT "users_status_check" CHECK ("status" IN ('invited', 'active', 'disabled')), CONSTRAINT "users_kind_check" CHECK ("kind" IN ('enterprise', 'individual')), CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "users_enterprise_id_created_at_id_idx" ON "accounts"."users" ("enterprise_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "users_name_id_idx" ON "accounts"."users" ("name", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "users_created_at_id_idx" ON "accounts"."users" ("created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "accounts"."password_tokens" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "purpose" text NOT NULL, "hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "voided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "password_tokens_hash_key" UNIQUE ("hash"), CONSTRAINT "password_tokens_purpose_check" CHECK ("purpose" IN ('invitation', 'reset')), CONSTRAINT "password_tokens_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "password_tokens_user_id_idx" ON "accounts"."password_tokens" ("user_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."users" ADD CONSTRAINT "users_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "accounts"."enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."password_tokens" ADD CONSTRAINT "password_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "accounts"."users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."password_tokens" DROP CONSTRAINT "password_tokens_user_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."users" DROP CONSTRAINT "users_enterprise_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "accounts"."password_tokens_user_id_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."password_tokens"`);
    await queryRunner.query(`DROP INDEX "accounts"."users_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."users_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."users_enterprise_id_created_at_id_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."users"`);
  }
}
