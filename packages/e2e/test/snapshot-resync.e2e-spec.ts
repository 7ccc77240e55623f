import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createTestContext,
  freePort,
  queryDatabase,
  readStream,
  type RunningService,
  startService,
  type TestContext,
  waitFor,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ADMIN_CLIENT_ID = 'charter-admin';
const ADMIN_CLIENT_SECRET = 'e2e-admin-secret-0123456789abcdefghijklmnop';
const ACCOUNTS_AUDIENCE = 'http://localhost:3001';
const CONTENT_AUDIENCE = 'http://localhost:3002';
const ACCOUNT_SERVICE_MAIN = fileURLToPath(
  new URL('../../../apps/account-service/dist/main.js', import.meta.url),
);
const run = promisify(execFile);

/**
 * A content API stopped longer than the ACCOUNTS stream keeps events (max age 3 s here) misses
 * them for good; restarted, its durable consumer finds its ack floor below the stream's first
 * sequence, asks the account service for a snapshot, and its projection ends equal to the
 * account service's state.
 */
describe('snapshot resynchronisation', () => {
  let ctx: TestContext;
  let shared: Record<string, string>;
  let accounts: string;
  let contentPort: number;
  let content: RunningService | undefined;
  const services: RunningService[] = [];

  const admin = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${accounts}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const rows = (sql: string): Promise<unknown[]> => queryDatabase(ctx.databaseUrl, sql);
  const accountState = async (): Promise<unknown[][]> => [
    await rows('SELECT id, status, version FROM accounts.contracts ORDER BY id'),
    await rows('SELECT id, status, version FROM accounts.enterprises ORDER BY id'),
  ];
  const contentState = async (): Promise<unknown[][]> => [
    await rows('SELECT id, status, version FROM content.contracts ORDER BY id'),
    await rows('SELECT id, status, version FROM content.enterprises ORDER BY id'),
  ];

  beforeAll(async () => {
    ctx = await createTestContext();
    const [authPort, accountsPort] = [await freePort(), await freePort()];
    contentPort = await freePort();
    shared = {
      ...ctx.env,
      AUTH_ISSUER: `http://127.0.0.1:${authPort}`,
      EVENTS_STREAM_MAX_AGE: '3',
    };
    services.push(await startService('auth-server', authPort, shared));
    services.push(
      await startService('account-service', accountsPort, {
        ...shared,
        ADMIN_CLIENT_ID,
        ADMIN_CLIENT_SECRET,
        AUTH_AUDIENCE: ACCOUNTS_AUDIENCE,
      }),
    );
    accounts = `http://127.0.0.1:${accountsPort}`;
  }, 120_000);

  afterAll(async () => {
    await content?.stop();
    await Promise.all(services.map((service) => service.stop()));
    await ctx?.cleanup();
  });

  it('a consumer that missed events no longer in the stream resyncs from a snapshot', async () => {
    const startContent = (): Promise<RunningService> =>
      startService('content-api', contentPort, { ...shared, AUTH_AUDIENCE: CONTENT_AUDIENCE });
    content = await startContent();
    const adminToken = await waitFor('an admin token', async () => {
      const response = await fetch(`${shared.AUTH_ISSUER}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${ADMIN_CLIENT_ID}:${ADMIN_CLIENT_SECRET}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'accounts:admin',
          resource: ACCOUNTS_AUDIENCE,
        }),
      });
      return response.status === 200
        ? ((await response.json()) as { access_token: string }).access_token
        : undefined;
    });
    const api = await admin('POST', '/v1/content-apis', adminToken, {
      name: 'Market data',
      resourceIndicator: CONTENT_AUDIENCE,
      scopes: [{ name: 'articles:read', description: 'Read articles' }],
    });
    const acme = await admin('POST', '/v1/enterprises', adminToken, {
      name: 'Acme',
      businessId: 'ACME-1',
    });
    const contract = await admin('POST', '/v1/contracts', adminToken, {
      enterpriseId: acme.body.id,
      contentApiId: api.body.id,
      scopes: ['articles:read'],
      validFrom: new Date(Date.now() - 60_000).toISOString(),
    });
    expect([api.status, acme.status, contract.status]).toEqual([201, 201, 201]);
    await waitFor(
      'the content API to project the contract',
      async () => (await rows('SELECT 1 FROM content.contracts')).length === 1,
    );

    // Stopped: the suspension and the new enterprise reach the stream, then age out of it unseen.
    await content.stop();
    expect(
      (await admin('POST', `/v1/contracts/${String(contract.body.id)}/suspend`, adminToken)).status,
    ).toBe(200);
    expect(
      (
        await admin('POST', '/v1/enterprises', adminToken, {
          name: 'Globex',
          businessId: 'GLOBEX-1',
        })
      ).status,
    ).toBe(201);
    await waitFor(
      'the outbox to be published',
      async () =>
        (await rows('SELECT 1 FROM accounts.outbox WHERE published_at IS NULL')).length === 0,
    );
    await waitFor(
      'the events to age out of the stream',
      async () => (await readStream(ctx.natsUrl, ctx.namespace, 'ACCOUNTS')).length === 0,
      {
        timeoutMs: 20_000,
        intervalMs: 250,
      },
    );
    expect(await contentState()).not.toEqual(await accountState());

    content = await startContent();
    await waitFor(
      'the projection to equal the account service',
      async () => JSON.stringify(await contentState()) === JSON.stringify(await accountState()),
      {
        timeoutMs: 20_000,
        intervalMs: 200,
      },
    );
    const [contracts] = await contentState();
    expect(contracts).toEqual([expect.objectContaining({ status: 'suspended', version: 2 })]);
    const snapshotted = await rows(
      "SELECT DISTINCT type FROM accounts.outbox WHERE type LIKE '%Snapshotted' ORDER BY type",
    );
    expect(snapshotted).toEqual(
      [
        'ContentApiSnapshotted',
        'ContractSnapshotted',
        'EnterpriseSnapshotted',
        'SystemAccountSnapshotted',
      ].map((type) => ({ type })),
    );
  }, 90_000);

  it('snapshot:publish writes every aggregate to the outbox under one snapshot id', async () => {
    const { stdout } = await run(process.execPath, [ACCOUNT_SERVICE_MAIN, 'snapshot:publish'], {
      env: { ...process.env, ...shared },
      timeout: 30_000,
    });
    const reply = JSON.parse(stdout) as { snapshotId: string; events: number };
    const [counts] = await queryDatabase<{ aggregates: string; written: string }>(
      ctx.databaseUrl,
      `SELECT (SELECT count(*) FROM accounts.content_apis) + (SELECT count(*) FROM accounts.enterprises)
            + (SELECT count(*) FROM accounts.system_accounts) + (SELECT count(*) FROM accounts.users)
            + (SELECT count(*) FROM accounts.contracts) AS aggregates,
              (SELECT count(*) FROM accounts.outbox WHERE envelope->>'correlationId' = $1) AS written`,
      [reply.snapshotId],
    );
    expect(Number(counts!.written)).toBe(reply.events);
    expect(Number(counts!.aggregates)).toBe(reply.events);
    await waitFor(
      'the relay to publish it',
      async () =>
        (await rows('SELECT 1 FROM accounts.outbox WHERE published_at IS NULL')).length === 0,
    );
  });
});
