import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DPoP (RFC 9449): proofs seen, by key thumbprint and jti, until they could no longer be
 * replayed (one store for every instance); the key an authorization code is bound to
 * (`dpop_jkt`, §10) and the key a public client's refresh tokens are bound to (§5).
 */
export class CreateUsedDpopProofsAndBindings1796900000001 implements MigrationInterface {
  name = 'CreateUsedDpopProofsAndBindings1796900000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "auth"."used_dpop_proofs" ("jkt" text NOT NULL, "jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "used_dpop_proofs_pkey" PRIMARY KEY ("jkt", "jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "used_dpop_proofs_expires_at_idx" ON "auth"."used_dpop_proofs" ("expires_at")`,
    );
    await queryRunner.query(`ALTER TABLE "auth"."authorization_codes" ADD "dpop_jkt" text`);
    await queryRunner.query(`ALTER TABLE "auth"."token_families" ADD "dpop_jkt" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "auth"."token_families" DROP COLUMN "dpop_jkt"`);
    await queryRunner.query(`ALTER TABLE "auth"."authorization_codes" DROP COLUMN "dpop_jkt"`);
    await queryRunner.query(`DROP INDEX "auth"."used_dpop_proofs_expires_at_idx"`);
    await queryRunner.query(`DROP TABLE "auth"."used_dpop_proofs"`);
  }
}
