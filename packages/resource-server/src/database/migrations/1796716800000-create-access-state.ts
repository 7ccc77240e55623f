import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The access state of an API that adopts the package: the projection of contracts, enterprises,
 * users and system accounts, and the revocation list, in the API's own schema (the data source's
 * `schema`, so every API gets its own copy). The same tables the content API reached through its
 * own five migrations before the package existed.
 */
export class CreateAccessState1796716800000 implements MigrationInterface {
  name = 'CreateAccessState1796716800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "${schema}"."contracts" ("id" uuid NOT NULL, "enterprise_id" uuid NOT NULL, "resource_indicator" text NOT NULL, "scopes" text array NOT NULL, "datasets" text array NOT NULL DEFAULT '{}', "requests_per_minute" integer, "valid_from" TIMESTAMP WITH TIME ZONE NOT NULL, "valid_until" TIMESTAMP WITH TIME ZONE, "status" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_contracts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "${schema}"."enterprises" ("id" uuid NOT NULL, "status" text NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_enterprises" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "${schema}"."users" ("id" uuid NOT NULL, "enterprise_id" uuid, "status" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "${schema}"."system_accounts" ("id" uuid NOT NULL, "client_id" text NOT NULL, "enterprise_id" uuid, "status" text NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, "credentials" jsonb NOT NULL, "version" integer NOT NULL, CONSTRAINT "PK_a7eb3b7f39c5b2aca5e00682390" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "${schema}"."revoked_tokens" ("jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b18aa48269f87cafba8c6310624" PRIMARY KEY ("jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "revoked_tokens_expires_at_idx" ON "${schema}"."revoked_tokens" ("expires_at") `,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP INDEX "${schema}"."revoked_tokens_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "${schema}"."revoked_tokens"`);
    await queryRunner.query(`DROP TABLE "${schema}"."system_accounts"`);
    await queryRunner.query(`DROP TABLE "${schema}"."users"`);
    await queryRunner.query(`DROP TABLE "${schema}"."enterprises"`);
    await queryRunner.query(`DROP TABLE "${schema}"."contracts"`);
  }
}

/** The API's schema, as its data source names it (service-kit creates it before migrating). */
export function schemaOf(queryRunner: QueryRunner): string {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (schema === undefined || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error('the access state needs a data source with a lower-case schema name');
  }
  return schema;
}
