import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projection keeps each client's security profile (`fapi2`: FAPI 2.0), null for none. */
export class AddClientSecurityProfile1796980000001 implements MigrationInterface {
  name = 'AddClientSecurityProfile1796980000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."clients" ADD "security_profile" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "security_profile"`);
  }
}
