import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the keyset-paginated lists (issue 3): (sort key, id) for each list
 * order, and (filter, created_at, id) for the common filters, so a page costs one
 * index range scan however deep it is.
 */
export class AddListIndexes1764662400000 implements MigrationInterface {
  name = 'AddListIndexes1764662400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "enterprises_created_at_id_idx" ON "accounts"."enterprises" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "enterprises_name_id_idx" ON "accounts"."enterprises" ("name", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "enterprises_status_created_at_id_idx" ON "accounts"."enterprises" ("status", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "content_apis_created_at_id_idx" ON "accounts"."content_apis" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "content_apis_name_id_idx" ON "accounts"."content_apis" ("name", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "system_accounts_created_at_id_idx" ON "accounts"."system_accounts" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "system_accounts_name_id_idx" ON "accounts"."system_accounts" ("name", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "system_accounts_enterprise_id_created_at_id_idx" ON "accounts"."system_accounts" ("enterprise_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_created_at_id_idx" ON "accounts"."contracts" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_valid_from_id_idx" ON "accounts"."contracts" ("valid_from", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_enterprise_id_created_at_id_idx" ON "accounts"."contracts" ("enterprise_id", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "contracts_status_created_at_id_idx" ON "accounts"."contracts" ("status", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "accounts"."contracts_status_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."contracts_enterprise_id_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."contracts_valid_from_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."contracts_created_at_id_idx"`);
    await queryRunner.query(
      `DROP INDEX "accounts"."system_accounts_enterprise_id_created_at_id_idx"`,
    );
    await queryRunner.query(`DROP INDEX "accounts"."system_accounts_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."system_accounts_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."content_apis_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."content_apis_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."enterprises_status_created_at_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."enterprises_name_id_idx"`);
    await queryRunner.query(`DROP INDEX "accounts"."enterprises_created_at_id_idx"`);
  }
}
