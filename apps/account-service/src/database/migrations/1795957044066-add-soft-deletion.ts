import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Soft deletion of contracts and system accounts: `deleted_at`, null until deleted (final). */
export class AddSoftDeletion1795957044066 implements MigrationInterface {
  name = 'AddSoftDeletion1795957044066';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" DROP COLUMN "deleted_at"`);
    await queryRunner.query(`ALTER TABLE "accounts"."contracts" DROP COLUMN "deleted_at"`);
  }
}
