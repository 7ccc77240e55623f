import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection keeps which content API a protected-resource client (RFC 7662 §2.1) stands for. */
export class AddClientResourceServerFor1796712400001 implements MigrationInterface {
  name = 'AddClientResourceServerFor1796712400001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."clients" ADD "resource_server_for" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "resource_server_for"`);
  }
}
