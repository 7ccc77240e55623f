import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The revocation list the admin API refuses tokens by, kept from the auth-server's TokenRevoked events. */
export class CreateRevokedTokens1796659553063 implements MigrationInterface {
  name = 'CreateRevokedTokens1796659553063';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts"."revoked_tokens" ("jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "revoked_tokens_pkey" PRIMARY KEY ("jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "revoked_tokens_expires_at_idx" ON "accounts"."revoked_tokens" ("expires_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "accounts"."revoked_tokens_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."revoked_tokens"`);
  }
}
