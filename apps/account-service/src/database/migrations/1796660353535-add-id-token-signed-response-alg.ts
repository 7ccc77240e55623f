import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A system account's ID token signing algorithm (null: RS256, OIDC Dynamic Client Registration §2). */
export class AddIdTokenSignedResponseAlg1796660353535 implements MigrationInterface {
  name = 'AddIdTokenSignedResponseAlg1796660353535';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD "id_token_signed_response_alg" text`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD CONSTRAINT "system_accounts_id_token_signed_response_alg_check" CHECK ("id_token_signed_response_alg" IN ('RS256', 'ES256', 'PS256'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP CONSTRAINT "system_accounts_id_token_signed_response_alg_check"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP COLUMN "id_token_signed_response_alg"`,
    );
  }
}
