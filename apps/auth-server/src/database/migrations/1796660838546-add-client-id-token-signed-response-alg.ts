import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The projected client's ID token signing algorithm (null: RS256); a projection rebuild fills it. */
export class AddClientIdTokenSignedResponseAlg1796660838546 implements MigrationInterface {
  name = 'AddClientIdTokenSignedResponseAlg1796660838546';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."clients" ADD "id_token_signed_response_alg" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "auth"."clients" DROP COLUMN "id_token_signed_response_alg"`,
    );
  }
}
