import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Enterprises get contacts and metadata (issue 3); existing rows start with none. */
export class AddEnterpriseContactsMetadata1764489600000 implements MigrationInterface {
  name = 'AddEnterpriseContactsMetadata1764489600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."enterprises" ADD "contacts" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."enterprises" ADD "metadata" jsonb NOT NULL DEFAULT '{}'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."enterprises" DROP COLUMN "metadata"`);
    await queryRunner.query(`ALTER TABLE "accounts"."enterprises" DROP COLUMN "contacts"`);
  }
}
