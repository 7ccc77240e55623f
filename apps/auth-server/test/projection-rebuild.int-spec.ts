import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ContractSuspended,
  EnterpriseSuspended,
  SystemAccountCreated,
  SystemAccountUpdated,
  UserCreated,
  UserDisabled,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildUser,
  publishEnvelope,
  publishEvent,
  publishScenario,
  settle,
} from './support/account-events.js';
import { type RunningAuthServer, startAuthServer } from './support/auth-server.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);
const TABLES = [
  'auth.clients',
  'auth.contracts',
  'auth.enterprises',
  'auth.content_apis',
  'auth.users',
];

/** `projection:rebuild` run as an operator would, while the server keeps running. */
describe('projection:rebuild', () => {
  let ctx: TestContext;
  let server: RunningAuthServer;

  const dump = async (): Promise<Record<string, unknown[]>> => {
    const rows: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      rows[table] = await queryDatabase(ctx.databaseUrl, `SELECT * FROM ${table} ORDER BY id`);
    }
    return rows;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    server = await startAuthServer(ctx);
  });

  afterAll(async () => {
    await server?.close();
    await ctx?.cleanup();
  });

  it('empties the projection and replays the stream into the same rows, stale and duplicate events included', async () => {
    const scenario = await publishScenario(ctx);
    await publishEvent(ctx, SystemAccountUpdated, { ...scenario.client, name: 'Renamed' }, 3);
    // Stale: a lower version after a higher one changes nothing, live or replayed.
    await publishEvent(ctx, SystemAccountUpdated, { ...scenario.client, status: 'disabled' }, 2);
    await publishEvent(ctx, ContractSuspended, { ...scenario.contract, status: 'suspended' }, 2);
    await publishEvent(
      ctx,
      EnterpriseSuspended,
      { ...scenario.enterprise, status: 'suspended' },
      2,
    );
    // A duplicate stored twice (another message id): the second copy changes nothing.
    const again = SystemAccountCreated.create(scenario.client, 1, {
      actor: { type: 'system', id: 'test' },
      correlationId: 'duplicate',
      occurredAt: new Date(),
    });
    await publishEnvelope(ctx, again, undefined);
    await publishEnvelope(ctx, again, undefined);
    const user = await buildUser({ enterpriseId: scenario.enterprise.id });
    await publishEvent(ctx, UserCreated, user.state, 1);
    await publishEvent(ctx, UserDisabled, { ...user.state, status: 'disabled' }, 2);
    await settle(ctx, server.url);
    const live = await dump();
    expect(live['auth.clients']).toContainEqual(
      expect.objectContaining({ id: scenario.client.id, name: 'Renamed', version: 3 }),
    );

    const { stdout } = await run(process.execPath, [MAIN, 'projection:rebuild'], {
      env: { ...process.env, ...ctx.env },
      timeout: 60_000,
    });
    const [result] = (JSON.parse(stdout) as { rebuilt: Array<Record<string, unknown>> }).rebuilt;
    const rowsBefore = Object.values(live).reduce((sum, rows) => sum + rows.length, 0);
    expect(result).toMatchObject({
      durableName: 'auth-server-accounts',
      fromSequence: 1,
      deleted: rowsBefore,
      invalid: 0,
      snapshot: null,
    });
    expect(result!.applied).toBeGreaterThanOrEqual(12);

    expect(await dump()).toEqual(live);
  });

  it('the live consumer carries on after a rebuild: a later event is applied once', async () => {
    const scenario = await publishScenario(ctx);
    await settle(ctx, server.url);
    await run(process.execPath, [MAIN, 'projection:rebuild'], {
      env: { ...process.env, ...ctx.env },
      timeout: 60_000,
    });
    await publishEvent(ctx, SystemAccountUpdated, { ...scenario.client, name: 'After rebuild' }, 2);
    await settle(ctx, server.url);
    const [client] = await queryDatabase(
      ctx.databaseUrl,
      'SELECT name, version FROM auth.clients WHERE id = $1',
      [scenario.client.id],
    );
    expect(client).toEqual({ name: 'After rebuild', version: 2 });
  });
});
