import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Usage metering (issue 13): the batches already counted, and the per-minute counts. */
export class CreateUsage1796800000000 implements MigrationInterface {
  name = 'CreateUsage1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts"."usage_batches" ("id" uuid NOT NULL, "api" text NOT NULL, "instance_id" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "usage_batches_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "accounts"."usage_minutes" ("contract_id" uuid NOT NULL, "minute" TIMESTAMP WITH TIME ZONE NOT NULL, "api" text NOT NULL, "dataset" text NOT NULL, "client_id" text NOT NULL, "outcome" text NOT NULL, "count" bigint NOT NULL, CONSTRAINT "usage_minutes_pkey" PRIMARY KEY ("contract_id", "minute", "api", "dataset", "client_id", "outcome"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "accounts"."usage_minutes"`);
    await queryRunner.query(`DROP TABLE "accounts"."usage_batches"`);
  }
}
