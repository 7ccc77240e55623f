import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection of account events this API decides access from: contracts and enterprises. */
export class CreateAccountProjection1764403200000 implements MigrationInterface {
  name = 'CreateAccountProjection1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "content"."contracts" (
        "id" uuid NOT NULL,
        "enterprise_id" uuid NOT NULL,
        "resource_indicator" text NOT NULL,
        "scopes" text array NOT NULL,
        "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "valid_until" TIMESTAMP WITH TIME ZONE,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        CONSTRAINT "PK_contracts" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "content"."enterprises" (
        "id" uuid NOT NULL,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        CONSTRAINT "PK_enterprises" PRIMARY KEY ("id")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "content"."enterprises"`);
    await queryRunner.query(`DROP TABLE "content"."contracts"`);
  }
}
