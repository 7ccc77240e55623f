import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from './1796716800000-create-access-state.js';

/**
 * The DPoP proofs an API accepted (RFC 9449 §11.1), shared by its instances: the key's
 * thumbprint, the proof's `jti`, and until when it could be replayed. Read and written with plain
 * SQL (SharedDpopReplayCache), no entity; in the data source's schema, like the access state.
 */
export class CreateUsedDpopProofs1796980000002 implements MigrationInterface {
  name = 'CreateUsedDpopProofs1796980000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "${schema}"."used_dpop_proofs" ("jkt" text NOT NULL, "jti" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "used_dpop_proofs_pkey" PRIMARY KEY ("jkt", "jti"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "used_dpop_proofs_expires_at_idx" ON "${schema}"."used_dpop_proofs" ("expires_at")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner);
    await queryRunner.query(`DROP TABLE "${schema}"."used_dpop_proofs"`);
  }
}
