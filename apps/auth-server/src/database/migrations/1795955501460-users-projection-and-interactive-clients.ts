import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The users projection (login), interactive-client settings and soft deletion of clients and contracts. */
export class UsersProjectionAndInteractiveClients1795955501460 implements MigrationInterface {
  name = 'UsersProjectionAndInteractiveClients1795955501460';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."users" ("id" uuid NOT NULL, "kind" text NOT NULL, "enterprise_id" uuid, "email" text NOT NULL, "name" text NOT NULL, "roles" text array NOT NULL, "status" text NOT NULL, "email_verified" boolean NOT NULL, "password_hash" text, "password_changed_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "auth"."users" ("email") `);
    await queryRunner.query(
      `ALTER TABLE "auth"."clients" ADD "redirect_uris" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."clients" ADD "post_logout_redirect_uris" text array NOT NULL DEFAULT '{}'`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."clients" ADD "require_pkce" boolean NOT NULL DEFAULT true`,
    );
    await queryRunner.query(`ALTER TABLE "auth"."clients" ADD "jwks" jsonb`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" ADD "jwks_uri" text`);
    await queryRunner.query(
      `ALTER TABLE "auth"."clients" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "auth"."contracts" ADD "deleted_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."contracts" DROP COLUMN "deleted_at"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "deleted_at"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "jwks_uri"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "jwks"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "require_pkce"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "post_logout_redirect_uris"`);
    await queryRunner.query(`ALTER TABLE "auth"."clients" DROP COLUMN "redirect_uris"`);
    await queryRunner.query(`DROP INDEX "auth"."users_email_key"`);
    await queryRunner.query(`DROP TABLE "auth"."users"`);
  }
}
