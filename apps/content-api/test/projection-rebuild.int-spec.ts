import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  ContractSuspended,
  EnterpriseSuspended,
  TokenRevoked,
  UserCreated,
  UserDisabled,
} from '@charter/events';
import { createTestContext, queryDatabase, type TestContext, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  buildUser,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishEnvelope,
} from './support/account-events.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const run = promisify(execFile);
const TABLES = [
  'content.contracts',
  'content.enterprises',
  'content.users',
  'content.revoked_tokens',
];

/** `projection:rebuild` run as an operator would, while the API keeps running. */
describe('projection:rebuild', () => {
  let ctx: TestContext;
  let api: RunningContentApi;

  const dump = async (): Promise<Record<string, unknown[]>> => {
    const rows: Record<string, unknown[]> = {};
    for (const table of TABLES) {
      rows[table] = await queryDatabase(ctx.databaseUrl, `SELECT * FROM ${table} ORDER BY 1`);
    }
    return rows;
  };
  const rebuild = async (): Promise<Array<Record<string, unknown>>> => {
    const { stdout } = await run(process.execPath, [MAIN, 'projection:rebuild'], {
      env: { ...process.env, ...ctx.env },
      timeout: 60_000,
    });
    return (JSON.parse(stdout) as { rebuilt: Array<Record<string, unknown>> }).rebuilt;
  };

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startContentApi(ctx);
  });

  afterAll(async () => {
    await api?.app.close();
    await ctx?.cleanup();
  });

  it('rebuilds the account projection and the revocation list into the same rows, stale and duplicate events included', async () => {
    const enterprise = buildEnterprise();
    const contentApi = buildContentApi();
    const contract = buildContract({ enterpriseId: enterprise.id, contentApiId: contentApi.id });
    const user = buildUser({ enterpriseId: enterprise.id });
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(ctx, ContractCreated, contract, 1);
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 3);
    // Stale: version 2 after version 3 changes nothing.
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'active' }, 2);
    await publishEvent(ctx, EnterpriseSuspended, { ...enterprise, status: 'suspended' }, 2);
    // The same event stored twice (another message id): the second copy changes nothing.
    const duplicate = EnterpriseSuspended.create({ ...enterprise, status: 'suspended' }, 2, {
      actor: { type: 'system', id: 'test' },
      correlationId: 'duplicate',
      occurredAt: new Date(),
    });
    await publishEnvelope(ctx, duplicate, undefined);
    await publishEvent(ctx, UserCreated, user, 1);
    await publishEvent(ctx, UserDisabled, { ...user, status: 'disabled' }, 2);
    const revoked = {
      id: randomUUID(),
      clientId: 'portal',
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
      revokedAt: new Date().toISOString(),
    };
    await publishEvent(ctx, TokenRevoked, revoked, 1);
    await publishEvent(ctx, TokenRevoked, revoked, 1);
    const marker = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, marker, 1);
    await waitFor('the projection to catch up', async () => {
      const rows = await dump();
      return (
        rows['content.enterprises']!.length === 2 &&
        rows['content.revoked_tokens']!.length === 1 &&
        rows['content.users']!.length === 1
      );
    });
    const live = await dump();
    expect(live['content.contracts']).toEqual([
      expect.objectContaining({ id: contract.id, status: 'suspended', version: 3 }),
    ]);

    const [accounts, revocations] = await rebuild();
    expect(accounts).toMatchObject({
      durableName: 'content-api-accounts',
      fromSequence: 1,
      deleted: 4,
      applied: 9,
      invalid: 0,
      snapshot: null,
    });
    expect(revocations).toMatchObject({
      durableName: 'content-api-revocations',
      deleted: 1,
      applied: 2,
      snapshot: null,
    });

    expect(await dump()).toEqual(live);
  });

  it('keeps deciding from memory meanwhile and applies later events once', async () => {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await waitFor(
      'the enterprise',
      async () =>
        (
          await queryDatabase(ctx.databaseUrl, 'SELECT 1 FROM content.enterprises WHERE id = $1', [
            enterprise.id,
          ])
        ).length === 1,
    );
    await rebuild();
    await publishEvent(ctx, EnterpriseSuspended, { ...enterprise, status: 'suspended' }, 2);
    const row = await waitFor('the suspension', async () => {
      const [found] = await queryDatabase<{ status: string; version: number }>(
        ctx.databaseUrl,
        'SELECT status, version FROM content.enterprises WHERE id = $1',
        [enterprise.id],
      );
      return found?.version === 2 ? found : undefined;
    });
    expect(row).toEqual({ status: 'suspended', version: 2 });
  });
});
