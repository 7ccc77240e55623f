import { loadConfig, openDataSource } from '@charter/service-kit';
import { createTestContext, type TestContext } from '@charter/testing';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthServerConfig } from '../src/config/auth-server.config.js';
import { authDatabaseOptions } from '../src/database/database-options.js';

describe('migrations', () => {
  let ctx: TestContext;
  let dataSource: DataSource;

  beforeAll(async () => {
    ctx = await createTestContext();
    dataSource = await openDataSource(authDatabaseOptions(loadConfig(AuthServerConfig, ctx.env)));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await ctx?.cleanup();
  });

  it('leave nothing for the entities to change (no drift)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('go down and up again', async () => {
    for (let left = dataSource.migrations.length; left > 0; left -= 1) {
      await dataSource.undoLastMigration();
    }
    const [tables] = await dataSource.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'auth' AND table_name <> 'migrations'`,
    );
    expect(tables!.n).toBe(0);
    await dataSource.runMigrations();
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries).toEqual([]);
  });
});
