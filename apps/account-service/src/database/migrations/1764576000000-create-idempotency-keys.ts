import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key records of creates, kept 24 hours (issue 3). */
export class CreateIdempotencyKeys1764576000000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764576000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts"."idempotency_keys" ("client_id" text NOT NULL, "key" text NOT NULL, "fingerprint" text NOT NULL, "status" integer NOT NULL, "response" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("client_id", "key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "idempotency_keys_expires_at_idx" ON "accounts"."idempotency_keys" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "accounts"."idempotency_keys_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."idempotency_keys"`);
  }
}
