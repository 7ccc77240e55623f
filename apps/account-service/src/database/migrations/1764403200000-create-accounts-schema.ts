import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The account service's first schema: content APIs, enterprises, system accounts
 * and their secret hashes, contracts, the audit log, and the outbox (exactly as
 * `OutboxMessage` of @charter/events describes it, including TypeORM's generated
 * constraint names, so the schema builder sees no drift).
 */
export class CreateAccountsSchema1764403200000 implements MigrationInterface {
  name = 'CreateAccountsSchema1764403200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "accounts"."outbox" ("position" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "subject" text NOT NULL, "type" text NOT NULL, "aggregate_id" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_340ab539f309f03bdaa14aa7649" UNIQUE ("id"), CONSTRAINT "PK_eaeb48f0dd30890d452d108804b" PRIMARY KEY ("position"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unpublished_idx" ON "accounts"."outbox" ("position") WHERE published_at IS NULL`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."audit_log" ("id" uuid NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" text NOT NULL, "actor_id" text NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text NOT NULL, "before" jsonb, "after" jsonb, "request_id" text, "correlation_id" text NOT NULL, CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_log_at_idx" ON "accounts"."audit_log" ("at")`);
    await queryRunner.query(
      `CREATE INDEX "audit_log_entity_idx" ON "accounts"."audit_log" ("entity_type", "entity_id", "at")`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."content_apis" ("id" uuid NOT NULL, "name" text NOT NULL, "resource_indicator" text NOT NULL, "scopes" jsonb NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "content_apis_resource_indicator_key" UNIQUE ("resource_indicator"), CONSTRAINT "content_apis_pkey" PRIMARY KEY ("id"))`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."enterprises" ("id" uuid NOT NULL, "name" text NOT NULL, "business_id" text NOT NULL, "status" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "enterprises_business_id_key" UNIQUE ("business_id"), CONSTRAINT "enterprises_status_check" CHECK ("status" IN ('active', 'suspended', 'closed')), CONSTRAINT "enterprises_pkey" PRIMARY KEY ("id"))`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."contracts" ("id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "content_api_id" uuid NOT NULL, "scopes" text array NOT NULL, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "contracts_validity_check" CHECK ("valid_until" IS NULL OR "valid_until" > "valid_from"), CONSTRAINT "contracts_status_check" CHECK ("status" IN ('active', 'suspended', 'terminated')), CONSTRAINT "contracts_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_enterprise_id_idx" ON "accounts"."contracts" ("enterprise_id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_content_api_id_idx" ON "accounts"."contracts" ("content_api_id")`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."system_accounts" ("id" uuid NOT NULL, "client_id" text NOT NULL, "name" text NOT NULL, "enterprise_id" uuid, "status" text NOT NULL, "grant_types" text array NOT NULL, "token_endpoint_auth_methods" text array NOT NULL, "access_token_ttl_seconds" integer, "platform_access" jsonb, "version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "system_accounts_client_id_key" UNIQUE ("client_id"), CONSTRAINT "system_accounts_access_token_ttl_seconds_check" CHECK ("access_token_ttl_seconds" BETWEEN 60 AND 86400), CONSTRAINT "system_accounts_status_check" CHECK ("status" IN ('active', 'disabled')), CONSTRAINT "system_accounts_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "system_accounts_enterprise_id_idx" ON "accounts"."system_accounts" ("enterprise_id")`,
    );

    await queryRunner.query(
      `CREATE TABLE "accounts"."system_account_secrets" ("id" uuid NOT NULL, "system_account_id" uuid NOT NULL, "hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "system_account_secrets_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "system_account_secrets_system_account_id_idx" ON "accounts"."system_account_secrets" ("system_account_id")`,
    );

    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" ADD CONSTRAINT "contracts_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "accounts"."enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" ADD CONSTRAINT "contracts_content_api_id_fkey" FOREIGN KEY ("content_api_id") REFERENCES "accounts"."content_apis"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" ADD CONSTRAINT "system_accounts_enterprise_id_fkey" FOREIGN KEY ("enterprise_id") REFERENCES "accounts"."enterprises"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_account_secrets" ADD CONSTRAINT "system_account_secrets_system_account_id_fkey" FOREIGN KEY ("system_account_id") REFERENCES "accounts"."system_accounts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_account_secrets" DROP CONSTRAINT "system_account_secrets_system_account_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."system_accounts" DROP CONSTRAINT "system_accounts_enterprise_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" DROP CONSTRAINT "contracts_content_api_id_fkey"`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts"."contracts" DROP CONSTRAINT "contracts_enterprise_id_fkey"`,
    );
    await queryRunner.query(`DROP INDEX "accounts"."system_account_secrets_system_account_id_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."system_account_secrets"`);
    await queryRunner.query(`DROP INDEX "accounts"."system_accounts_enterprise_id_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."system_accounts"`);
    await queryRunner.query(`DROP INDEX "accounts"."contracts_content_api_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."contracts_enterprise_id_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."contracts"`);
    await queryRunner.query(`DROP TABLE "accounts"."enterprises"`);
    await queryRunner.query(`DROP TABLE "accounts"."content_apis"`);
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_entity_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."audit_log_at_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."audit_log"`);
    await queryRunner.query(`DROP INDEX "accounts"."outbox_unpublished_idx"`);
    await queryRunner.query(`DROP TABLE "accounts"."outbox"`);
  }
}
