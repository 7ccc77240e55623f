import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Deleted contracts (ContractDeleted) and the users projection (User* events). */
export class AddContractDeletionAndUsers1795955930103 implements MigrationInterface {
  name = 'AddContractDeletionAndUsers1795955930103';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "content"."contracts" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `CREATE TABLE "content"."users" ("id" uuid NOT NULL, "enterprise_id" uuid, "status" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "content"."users"`);
    await queryRunner.query(`ALTER TABLE "content"."contracts" DROP COLUMN "deleted_at"`);
  }
}
