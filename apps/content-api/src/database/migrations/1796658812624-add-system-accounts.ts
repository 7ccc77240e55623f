import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The system accounts projection (SystemAccount* events): client standing and secret ids, for token acceptance. */
export class AddSystemAccounts1796658812624 implements MigrationInterface {
  name = 'AddSystemAccounts1796658812624';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "content"."system_accounts" ("id" uuid NOT NULL, "client_id" text NOT NULL, "enterprise_id" uuid, "status" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "credentials" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_a7eb3b7f39c5b2aca5e00682390" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "content"."system_accounts"`);
  }
}
