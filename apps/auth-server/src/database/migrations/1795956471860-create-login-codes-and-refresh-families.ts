import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the authorization endpoint and the user grants keep: SSO sessions (only the
 * cookie's hash), login throttling, consents, authorization codes (hashed, single
 * use), refresh-token families (hashed tokens, rotation) and the access tokens
 * issued in a family (so a reused code or refresh token revokes them by jti).
 */
export class CreateLoginCodesAndRefreshFamilies1795956471860 implements MigrationInterface {
  name = 'CreateLoginCodesAndRefreshFamilies1795956471860';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "auth"."login_sessions" (
        "id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "user_id" uuid NOT NULL,
        "auth_time" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "ended_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "login_sessions_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "login_sessions_token_hash_key" UNIQUE ("token_hash")
      )`);
    await queryRunner.query(
      `CREATE INDEX "login_sessions_expires_at_idx" ON "auth"."login_sessions" ("expires_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "auth"."login_throttles" (
        "key" text NOT NULL,
        "failures" integer NOT NULL,
        "window_start" TIMESTAMP WITH TIME ZONE NOT NULL,
        "locked_until" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "login_throttles_pkey" PRIMARY KEY ("key")
      )`);
    await queryRunner.query(`
      CREATE TABLE "auth"."consents" (
        "user_id" uuid NOT NULL,
        "client_id" text NOT NULL,
        "scopes" text array NOT NULL,
        "resource" text NOT NULL DEFAULT '',
        "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "consents_pkey" PRIMARY KEY ("user_id", "client_id", "resource")
      )`);
    await queryRunner.query(`
      CREATE TABLE "auth"."token_families" (
        "id" uuid NOT NULL,
        "client_id" text NOT NULL,
        "user_id" uuid NOT NULL,
        "scopes" text array NOT NULL,
        "resource" text,
        "auth_time" TIMESTAMP WITH TIME ZONE NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "token_families_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "auth"."authorization_codes" (
        "code_hash" text NOT NULL,
        "client_id" text NOT NULL,
        "user_id" uuid NOT NULL,
        "redirect_uri" text NOT NULL,
        "code_challenge" text,
        "nonce" text,
        "scopes" text array NOT NULL,
        "resource" text,
        "auth_time" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        "family_id" uuid,
        CONSTRAINT "authorization_codes_pkey" PRIMARY KEY ("code_hash")
      )`);
    await queryRunner.query(
      `CREATE INDEX "authorization_codes_expires_at_idx" ON "auth"."authorization_codes" ("expires_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "auth"."refresh_tokens" (
        "token_hash" text NOT NULL,
        "family_id" uuid NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "used_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("token_hash"),
        CONSTRAINT "refresh_tokens_family_fkey" FOREIGN KEY ("family_id")
          REFERENCES "auth"."token_families" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "refresh_tokens_family_id_idx" ON "auth"."refresh_tokens" ("family_id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "auth"."family_access_tokens" (
        "jti" text NOT NULL,
        "family_id" uuid NOT NULL,
        "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "family_access_tokens_pkey" PRIMARY KEY ("jti"),
        CONSTRAINT "family_access_tokens_family_fkey" FOREIGN KEY ("family_id")
          REFERENCES "auth"."token_families" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "family_access_tokens_family_id_idx" ON "auth"."family_access_tokens" ("family_id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "auth"."family_access_tokens"`);
    await queryRunner.query(`DROP TABLE "auth"."refresh_tokens"`);
    await queryRunner.query(`DROP TABLE "auth"."authorization_codes"`);
    await queryRunner.query(`DROP TABLE "auth"."token_families"`);
    await queryRunner.query(`DROP TABLE "auth"."consents"`);
    await queryRunner.query(`DROP TABLE "auth"."login_throttles"`);
    await queryRunner.query(`DROP TABLE "auth"."login_sessions"`);
  }
}
