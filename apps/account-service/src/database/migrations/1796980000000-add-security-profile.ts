import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A system account's security profile (`fapi2`: the FAPI 2.0 Security Profile), null for none. */
export class AddSecurityProfile1796980000000 implements MigrationInterface {
  name = 'AddSecurityProfile1796980000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" ADD "security_profile" text`);
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD CONSTRAINT "system_accounts_security_profile_check" CHECK ("security_profile" IN ('fapi2'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP CONSTRAINT "system_accounts_security_profile_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP COLUMN "security_profile"`,
    );
  }
}
