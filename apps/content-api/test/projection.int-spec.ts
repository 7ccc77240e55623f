import { randomUUID } from 'node:crypto';
import {
  ContractSuspended,
  EnterpriseClosed,
  EnterpriseReactivated,
  EnterpriseSuspended,
  SystemAccountCreated,
} from '@charter/events';
import {
  createTestContext,
  queryDatabase,
  readStream,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildContentApi,
  buildContract,
  buildEnterprise,
  buildSystemAccount,
  ContentApiRegistered,
  ContractCreated,
  EnterpriseCreated,
  publishEvent,
  publishRaw,
} from './support/account-events.js';
import { type RunningContentApi, startContentApi } from './support/content-api.js';

interface ContractRow {
  id: string;
  enterprise_id: string;
  resource_indicator: string;
  scopes: string[];
  valid_from: Date;
  valid_until: Date | null;
  status: string;
  deleted_at: Date | null;
  version: number;
}

describe('account projection', () => {
  let ctx: TestContext;
  let api: RunningContentApi;

  const contractRow = async (id: string): Promise<ContractRow | undefined> =>
    (
      await queryDatabase<ContractRow>(
        ctx.databaseUrl,
        'SELECT * FROM content.contracts WHERE id = $1',
        [id],
      )
    )[0];
  const enterpriseRow = async (
    id: string,
  ): Promise<{ status: string; version: number } | undefined> =>
    (
      await queryDatabase<{ status: string; version: number }>(
        ctx.databaseUrl,
        'SELECT status, version FROM content.enterprises WHERE id = $1',
        [id],
      )
    )[0];

  beforeAll(async () => {
    ctx = await createTestContext();
    api = await startContentApi(ctx);
  });

  afterAll(async () => {
    await api?.app.close();
    await ctx?.cleanup();
  });

  it('projects a contract and its enterprise', async () => {
    const enterprise = buildEnterprise();
    const contract = buildContract({
      enterpriseId: enterprise.id,
      contentApiId: randomUUID(),
      scopes: ['articles:read', 'prices:read'],
      validFrom: '2025-01-01T00:00:00.000Z',
      validUntil: '2027-01-01T00:00:00.000Z',
    });
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    await publishEvent(ctx, ContractCreated, contract, 1);

    const row = await waitFor('the contract row', () => contractRow(contract.id));
    expect(row).toEqual({
      id: contract.id,
      enterprise_id: enterprise.id,
      resource_indicator: 'http://localhost:3002',
      scopes: ['articles:read', 'prices:read'],
      datasets: [],
      requests_per_minute: null,
      valid_from: new Date('2025-01-01T00:00:00Z'),
      valid_until: new Date('2027-01-01T00:00:00Z'),
      status: 'active',
      deleted_at: null,
      version: 1,
    });
    expect(await enterpriseRow(enterprise.id)).toEqual({ status: 'active', version: 1 });
  });

  it('follows the enterprise status: suspended, reactivated, closed', async () => {
    const enterprise = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, enterprise, 1);
    const steps = [
      [EnterpriseSuspended, 'suspended', 2],
      [EnterpriseReactivated, 'active', 3],
      [EnterpriseClosed, 'closed', 4],
    ] as const;
    for (const [definition, status, version] of steps) {
      await publishEvent(ctx, definition, { ...enterprise, status }, version);
      await waitFor(
        `the enterprise to be ${status}`,
        async () => (await enterpriseRow(enterprise.id))?.version === version,
      );
      expect(await enterpriseRow(enterprise.id)).toEqual({ status, version });
    }
  });

  it('applies a newer version and skips a stale or repeated one', async () => {
    const contract = buildContract({ enterpriseId: randomUUID(), contentApiId: randomUUID() });
    await publishEvent(ctx, ContractCreated, contract, 1);
    await publishEvent(ctx, ContractSuspended, { ...contract, status: 'suspended' }, 3);
    await waitFor(
      'the suspension',
      async () => (await contractRow(contract.id))?.status === 'suspended',
    );

    // Older and equal versions arrive late; a later event proves both were consumed.
    await publishEvent(ctx, ContractCreated, { ...contract, status: 'active' }, 2);
    await publishEvent(ctx, ContractCreated, { ...contract, status: 'active' }, 3);
    const marker = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, marker, 1);
    await waitFor('the marker event', () => enterpriseRow(marker.id));

    expect(await contractRow(contract.id)).toMatchObject({ status: 'suspended', version: 3 });
  });

  it('dead-letters an event that breaks its schema and goes on with the next', async () => {
    const contract = buildContract({ enterpriseId: randomUUID(), contentApiId: randomUUID() });
    const invalid = ContractSuspended.create(contract, 2, {
      actor: { type: 'system', id: 'tests' },
      correlationId: 'tests',
      occurredAt: new Date(),
    });
    await publishRaw(ctx, invalid.subject, {
      ...invalid,
      data: { ...contract, status: 'paused', scopes: [] },
    });
    const next = buildContract({ enterpriseId: randomUUID(), contentApiId: randomUUID() });
    await publishEvent(ctx, ContractCreated, next, 1);

    await waitFor('the next event', () => contractRow(next.id));
    expect(await contractRow(contract.id)).toBeUndefined();
    const dead = await waitFor('the dead letter', async () => {
      const messages = await readStream(ctx.natsUrl, ctx.namespace, 'DEADLETTER');
      return messages.find(
        (message) =>
          message.subject === `${ctx.namespace}.deadletter.content-api-accounts` &&
          message.payload.id === invalid.id,
      );
    });
    expect(dead.payload.type).toBe('ContractSuspended');
  });

  it('acknowledges and skips the account events it does not project', async () => {
    await publishEvent(ctx, ContentApiRegistered, buildContentApi(), 1);
    const marker = buildEnterprise();
    await publishEvent(ctx, EnterpriseCreated, marker, 1);
    await waitFor('the marker event', () => enterpriseRow(marker.id));
    const tables = await queryDatabase<{ table_name: string }>(
      ctx.databaseUrl,
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'content' ORDER BY table_name",
    );
    expect(tables.map((table) => table.table_name)).toEqual([
      'contracts',
      'enterprises',
      'migrations',
      'revoked_tokens',
      'system_accounts',
      'used_dpop_proofs',
      'users',
    ]);
  });

  it("projects a system account's standing and secret ids, never its secret hashes", async () => {
    const { state } = buildSystemAccount();
    await publishEvent(ctx, SystemAccountCreated, state, 1);
    const [row] = await waitFor('the system account row', async () => {
      const rows = await queryDatabase<{ client_id: string; status: string; credentials: unknown }>(
        ctx.databaseUrl,
        'SELECT client_id, status, credentials FROM content.system_accounts WHERE id = $1',
        [state.id],
      );
      return rows.length === 1 ? rows : undefined;
    });
    expect(row).toEqual({
      client_id: state.clientId,
      status: 'active',
      credentials: state.secrets.map((secret) => ({ id: secret.id, expiresAt: secret.expiresAt })),
    });
    expect(JSON.stringify(row)).not.toContain(state.secrets[0]?.hash ?? 'no hash');
  });

  it('has a schema that matches its entities (no migration is missing)', async () => {
    const dataSource = api.app.get(DataSource);
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('answers health and serves its OpenAPI document without a token', async () => {
    expect((await api.get('/health/live')).status).toBe(200);
    expect((await api.get('/health/ready')).status).toBe(200);
    const docs = await api.get('/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths as object).sort()).toEqual([
      '/v1/articles',
      '/v1/articles/{id}',
      '/v1/enterprises/{enterpriseId}/reports',
      '/v1/me',
      '/v1/prices',
    ]);
  });

  it('answers an unknown route with a problem, not a token challenge', async () => {
    const answer = await api.get('/v2/nothing');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ code: 'not_found', status: 404 });
  });
});
