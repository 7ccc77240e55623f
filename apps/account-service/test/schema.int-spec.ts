import { openDataSource } from '@charter/service-kit';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ENTITIES, ACCOUNTS_SCHEMA } from '../src/database/entities.js';
import { ACCOUNT_MIGRATIONS } from '../src/database/migrations/index.js';

describe('accounts schema', () => {
  let ctx: TestContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    ctx = await createTestContext();
    dataSource = await openDataSource({
      url: ctx.databaseUrl,
      schema: ACCOUNTS_SCHEMA,
      entities: ACCOUNT_ENTITIES,
      migrations: ACCOUNT_MIGRATIONS,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ctx?.cleanup();
  });

  const tables = async () =>
    (
      await queryDatabase<{ table_name: string }>(
        ctx.databaseUrl,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'accounts' ORDER BY table_name",
      )
    ).map((row) => row.table_name);

  it('creates every table in the accounts schema', async () => {
    expect(await tables()).toEqual([
      'audit_log',
      'content_apis',
      'contracts',
      'enterprises',
      'idempotency_keys',
      'migrations',
      'outbox',
      'password_tokens',
      'revoked_tokens',
      'system_account_secrets',
      'system_accounts',
      'usage_batches',
      'usage_minutes',
      'users',
    ]);
  });

  it('matches the entities exactly (no drift: the schema builder has nothing to do)', async () => {
    const log = await dataSource.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('rolls back with down and forward again', async () => {
    const tablesNow = await tables();
    for (let i = 0; i < ACCOUNT_MIGRATIONS.length; i += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tables()).toEqual(['migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(tablesNow);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});
