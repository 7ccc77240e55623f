import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The revocation list: ids of tokens revoked at the auth-server, until they expire. */
export class CreateRevocationList1795949689452 implements MigrationInterface {
  name = 'CreateRevocationList1795949689452';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "content"."revoked_tokens" ("jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b18aa48269f87cafba8c6310624" PRIMARY KEY ("jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "revoked_tokens_expires_at_idx" ON "content"."revoked_tokens" ("expires_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "content"."revoked_tokens_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "content"."revoked_tokens"`);
  }
}
