import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The account projection the token endpoint decides from, and the signing keys. */
export class CreateProjectionAndSigningKeys1764410000000 implements MigrationInterface {
  name = 'CreateProjectionAndSigningKeys1764410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."clients" (
        "id" uuid NOT NULL,
        "client_id" text NOT NULL,
        "name" text NOT NULL,
        "enterprise_id" uuid,
        "status" text NOT NULL,
        "grant_types" text array NOT NULL,
        "token_endpoint_auth_methods" text array NOT NULL,
        "access_token_ttl_seconds" integer,
        "platform_access" jsonb,
        "secrets" jsonb NOT NULL,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "clients_client_id_key" ON "auth"."clients" ("client_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "auth"."contracts" (
        "id" uuid NOT NULL,
        "enterprise_id" uuid NOT NULL,
        "content_api_id" uuid NOT NULL,
        "resource_indicator" text NOT NULL,
        "scopes" text array NOT NULL,
        "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL,
        "valid_until" TIMESTAMP WITH TIME ZONE,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "contracts_enterprise_id_idx" ON "auth"."contracts" ("enterprise_id")`,
    );

    await queryRunner.query(`
      CREATE TABLE "auth"."enterprises" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "status" text NOT NULL,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "enterprises_pkey" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(`
      CREATE TABLE "auth"."content_apis" (
        "id" uuid NOT NULL,
        "name" text NOT NULL,
        "resource_indicator" text NOT NULL,
        "scopes" jsonb NOT NULL,
        "version" integer NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "content_apis_pkey" PRIMARY KEY ("id")
      )`);

    await queryRunner.query(`
      CREATE TABLE "auth"."signing_keys" (
        "kid" text NOT NULL,
        "algorithm" text NOT NULL,
        "public_jwk" jsonb NOT NULL,
        "private_jwk_encrypted" text NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "not_before" TIMESTAMP WITH TIME ZONE NOT NULL,
        "active_until" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("kid")
      )`);
    await queryRunner.query(
      `CREATE INDEX "signing_keys_expires_at_idx" ON "auth"."signing_keys" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "auth"."signing_keys_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."signing_keys"`);
    await queryRunner.query(`DROP TABLE "auth"."content_apis"`);
    await queryRunner.query(`DROP TABLE "auth"."enterprises"`);
    await queryRunner.query(`DROP INDEX "auth"."contracts_enterprise_id_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."contracts"`);
    await queryRunner.query(`DROP INDEX "auth"."clients_client_id_key"`);
    await queryRunner.query(`DROP TABLE "auth"."clients"`);
  }
}
