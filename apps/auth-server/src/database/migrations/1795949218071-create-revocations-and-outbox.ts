import type { MigrationInterface, QueryRunner } from 'typeorm';

/** RFC 7009 revocations (by jti, until the token's exp) and the outbox TokenRevoked leaves through. */
export class CreateRevocationsAndOutbox1795949218071 implements MigrationInterface {
  name = 'CreateRevocationsAndOutbox1795949218071';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."outbox" ("position" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_340ab539f309f03bdaa14aa7649" UNIQUE ("id"), CONSTRAINT "PK_eaeb48f0dd30890d452d108804b" PRIMARY KEY ("position"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "auth"."outbox" ("position") WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "auth"."revoked_tokens" ("jti" text NOT NULL, "client_id" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b18aa48269f87cafba8c6310624" PRIMARY KEY ("jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "revoked_tokens_expires_at_idx" ON "auth"."revoked_tokens" ("expires_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth"."revoked_tokens_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."revoked_tokens"`);
    await queryRunner.query(`DROP INDEX "auth"."outbox_unpublished_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."outbox"`);
  }
}
