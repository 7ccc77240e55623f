import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Interactive clients (authorization code, PKCE, private_key_jwt): redirect URIs,
 * post-logout redirect URIs, PKCE, and the client's public keys. Existing machine
 * clients take the defaults (none, none, PKCE on, no keys).
 */
export class AddInteractiveClientSettings1795956385372 implements MigrationInterface {
  name = 'AddInteractiveClientSettings1795956385372';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "redirect_uris" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "post_logout_redirect_uris" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "require_pkce" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" ADD "jwks" jsonb`);
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" ADD "jwks_uri" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" DROP COLUMN "jwks_uri"`);
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" DROP COLUMN "jwks"`);
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" DROP COLUMN "require_pkce"`);
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP COLUMN "post_logout_redirect_uris"`,
    );
    await queryRunner.query(`ALTER TABLE "accounts"."system_accounts" DROP COLUMN "redirect_uris"`);
  }
}
