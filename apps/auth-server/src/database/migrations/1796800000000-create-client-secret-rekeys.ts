import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Client-secret hashes re-keyed under the current CREDENTIALS_HASH_KEY when a client
 * authenticated with a secret hashed under a previous one (SqlSecretRekeys; plain SQL, no entity).
 */
export class CreateClientSecretRekeys1796800000000 implements MigrationInterface {
  name = 'CreateClientSecretRekeys1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."client_secret_rekeys" (
        "credential_id" text NOT NULL,
        "source_hash" text NOT NULL,
        "hash" text NOT NULL,
        "rekeyed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "PK_client_secret_rekeys" PRIMARY KEY ("credential_id")
      )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."client_secret_rekeys"`);
  }
}
