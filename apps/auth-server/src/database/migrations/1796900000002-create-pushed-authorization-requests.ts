import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pushed authorization requests (RFC 9126): the parameters a client pushed, under the hash of
 * the one-time request_uri it got, until they expire or produce a code.
 */
export class CreatePushedAuthorizationRequests1796900000002 implements MigrationInterface {
  name = 'CreatePushedAuthorizationRequests1796900000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."pushed_authorization_requests" ("request_uri_hash" text NOT NULL, "client_id" text NOT NULL, "parameters" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pushed_authorization_requests_pkey" PRIMARY KEY ("request_uri_hash"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "pushed_authorization_requests_expires_at_idx" ON "auth"."pushed_authorization_requests" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth"."pushed_authorization_requests_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."pushed_authorization_requests"`);
  }
}
