import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A system account may stand for a content API as a protected-resource client (RFC 7662
 * §2.1): the content API's resource indicator, null for every other account.
 */
export class AddResourceServerFor1796712400000 implements MigrationInterface {
  name = 'AddResourceServerFor1796712400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "resource_server_for" text`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP COLUMN "resource_server_for"`,
    );
  }
}
