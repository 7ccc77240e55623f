import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * private_key_jwt (RFC 7523): used client assertions are remembered by client and jti
 * until they expire, so a replay is refused on every instance.
 */
export class CreateUsedClientAssertions1795955710367 implements MigrationInterface {
  name = 'CreateUsedClientAssertions1795955710367';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."used_client_assertions" ("client_id" text NOT NULL, "jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "used_client_assertions_pkey" PRIMARY KEY ("client_id", "jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "used_client_assertions_expires_at_idx" ON "auth"."used_client_assertions" ("expires_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth"."used_client_assertions_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."used_client_assertions"`);
  }
}
