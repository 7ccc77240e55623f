import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A contract's datasets (empty: all of this API's data) and rate limit (null: none). */
export class AddContractDatasetsAndRateLimit1795960003760 implements MigrationInterface {
  name = 'AddContractDatasetsAndRateLimit1795960003760';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "content"."contracts" ADD "datasets" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(`ALTER TABLE "content"."contracts" ADD "requests_per_minute" integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "content"."contracts" DROP COLUMN "requests_per_minute"`);
    await queryRunner.query(`ALTER TABLE "content"."contracts" DROP COLUMN "datasets"`);
  }
}
