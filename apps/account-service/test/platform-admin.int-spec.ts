import { createHmac } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@charter/service-kit';
import {
  createTestContext,
  queryDatabase,
  readStream,
  waitFor,
  type TestContext,
} from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import {
  AccountServiceConfig,
  LOCAL_ADMIN_CLIENT_SECRET,
  LOCAL_CREDENTIALS_HASH_KEY,
} from '../src/config/account-service.config.js';
import { openAsAuthServer } from './support/harness.js';

const hmac = (secret: string) =>
  createHmac('sha256', LOCAL_CREDENTIALS_HASH_KEY).update(secret).digest('hex');
const ROTATED_SECRET = 'rotated-admin-secret-for-the-bootstrap-test-0123';

/** The platform admin client, created at start: no auth-server needed, the events are read from the stream. */
describe('platform admin bootstrap', () => {
  let ctx: TestContext;
  const apps: NestFastifyApplication[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await ctx?.cleanup();
  });

  async function start(env: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const app = await createApp(loadConfig(AccountServiceConfig, { ...ctx.env, ...env }));
    apps.push(app);
    await app.init();
    return app;
  }

  const adminRows = () =>
    queryDatabase(
      ctx.databaseUrl,
      "SELECT id, enterprise_id, grant_types, token_endpoint_auth_methods, platform_access, version FROM accounts.system_accounts WHERE client_id = 'charter-admin'",
    );
  const secretHashes = () =>
    queryDatabase<{ hash: string }>(
      ctx.databaseUrl,
      "SELECT s.hash FROM accounts.system_account_secrets s JOIN accounts.system_accounts a ON a.id = s.system_account_id WHERE a.client_id = 'charter-admin'",
    );
  const adminEvents = async (count: number) =>
    waitFor(`${count} admin event(s) in the stream`, async () => {
      const events = (await readStream(ctx.natsUrl, ctx.namespace, 'ACCOUNTS')).filter(
        (event) => (event.payload.data as { clientId?: string }).clientId === 'charter-admin',
      );
      return events.length >= count ? events : undefined;
    });

  it('creates the admin exactly once when two instances start together on an empty database', async () => {
    await Promise.all([start(), start()]);

    const rows = await adminRows();
    expect(rows).toEqual([
      {
        id: expect.any(String),
        enterprise_id: null,
        grant_types: ['client_credentials'],
        token_endpoint_auth_methods: ['client_secret_basic', 'client_secret_post'],
        platform_access: { audience: 'http://localhost:3001', scopes: ['accounts:admin'] },
        version: 1,
      },
    ]);
    expect(await secretHashes()).toEqual([{ hash: hmac(LOCAL_ADMIN_CLIENT_SECRET) }]);

    const events = await adminEvents(1);
    expect(events).toHaveLength(1);
    // The secret hashes travel sealed to the auth-server: in clear text only once it opens them.
    expect(events[0]!.payload.data).toMatchObject({ secrets: [] });
    expect(JSON.stringify(events)).not.toContain(hmac(LOCAL_ADMIN_CLIENT_SECRET));
    expect(await openAsAuthServer(events[0]!)).toMatchObject({
      type: 'SystemAccountCreated',
      actor: { type: 'system', id: 'bootstrap' },
      aggregate: { type: 'system-account', id: rows[0]!.id, version: 1 },
      data: {
        clientId: 'charter-admin',
        enterpriseId: null,
        secrets: [{ hash: hmac(LOCAL_ADMIN_CLIENT_SECRET) }],
      },
    });
    expect(JSON.stringify(events)).not.toContain(LOCAL_ADMIN_CLIENT_SECRET);

    const audit = await queryDatabase(
      ctx.databaseUrl,
      'SELECT actor_type, actor_id, action, request_id FROM accounts.audit_log WHERE entity_id = $1',
      [rows[0]!.id],
    );
    expect(audit).toEqual([
      {
        actor_type: 'system',
        actor_id: 'bootstrap',
        action: 'SystemAccountCreated',
        request_id: null,
      },
    ]);
  });

  it('changes nothing when restarted with the same secret', async () => {
    await start();
    expect((await adminRows())[0]).toMatchObject({ version: 1 });
    const [outbox] = await queryDatabase<{ count: string }>(
      ctx.databaseUrl,
      "SELECT count(*)::text AS count FROM accounts.outbox WHERE type LIKE 'SystemAccount%' AND envelope->'data'->>'clientId' = 'charter-admin'",
    );
    expect(outbox!.count).toBe('1');
  });

  it('replaces the secret when ADMIN_CLIENT_SECRET changed, and emits SystemAccountUpdated', async () => {
    await start({ ADMIN_CLIENT_SECRET: ROTATED_SECRET });

    expect((await adminRows())[0]).toMatchObject({ version: 2 });
    expect(await secretHashes()).toEqual([{ hash: hmac(ROTATED_SECRET) }]);
    const events = await adminEvents(2);
    expect(
      events.map((event) => [
        event.payload.type,
        (event.payload.aggregate as { version: number }).version,
      ]),
    ).toEqual([
      ['SystemAccountCreated', 1],
      ['SystemAccountUpdated', 2],
    ]);
    expect(JSON.stringify(events)).not.toContain(hmac(ROTATED_SECRET));
    expect(await openAsAuthServer(events[1]!)).toMatchObject({
      actor: { type: 'system', id: 'bootstrap' },
      data: { secrets: [{ hash: hmac(ROTATED_SECRET) }] },
    });
    expect(JSON.stringify(events)).not.toContain(ROTATED_SECRET);
  });
});
