import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Datasets: what a content API declares and a contract covers (an empty list on a contract:
 * everything, so existing contracts keep covering all), and a contract's rate limit (null: none).
 */
export class AddDatasetsAndRateLimits1795958597002 implements MigrationInterface {
  name = 'AddDatasetsAndRateLimits1795958597002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."content_apis" ADD "datasets" jsonb NOT NULL DEFAULT '[]'`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" ADD "datasets" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "accounts"."contracts" ADD "rate_limit" jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."contracts" DROP COLUMN "rate_limit"`);
    await queryRunner.query(`ALTER TABLE "accounts"."contracts" DROP COLUMN "datasets"`);
    await queryRunner.query(`ALTER TABLE "accounts"."content_apis" DROP COLUMN "datasets"`);
  }
}
