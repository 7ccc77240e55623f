/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/account-service.config.js';
import { expectProblem, Harness, ISO_DATE_TIME, UUID } from './support/harness.js';

const hmac = (secret: string) =>
  createHmac('sha256', LOCAL_CREDENTIALS_HASH_KEY).update(secret).digest('hex');

describe('GET /v1/audit-events', () => {
  let h: Harness;
  let enterprise: Record<string, any>;
  let account: Record<string, any>;
  let rotatedSecret: string;

  beforeAll(async () => {
    h = await Harness.start();
    enterprise = await h.createEnterprise();
    await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { body: { name: 'Renamed Oy' } });
    await h.request('POST', `/v1/enterprises/${enterprise.id}/suspend`);
    await h.request('POST', `/v1/enterprises/${enterprise.id}/reactivate`);
    account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const rotated = await h.request('POST', `/v1/system-accounts/${account.id}/credentials/rotate`);
    rotatedSecret = rotated.body.clientSecret as string;
  });

  afterAll(async () => {
    await h?.close();
  });

  const list = (query = '') => h.request('GET', `/v1/audit-events${query}`);

  it("lists an entity's changes newest first, with actor, before/after and request ids", async () => {
    const result = await list(`?entityId=${enterprise.id}`);
    expect(result.status).toBe(200);
    expect(result.body.nextCursor).toBeNull();
    expect(result.body.items.map((item: { action: string }) => item.action)).toEqual([
      'EnterpriseReactivated',
      'EnterpriseSuspended',
      'EnterpriseUpdated',
      'EnterpriseCreated',
    ]);
    expect(result.body.items[2]).toEqual({
      id: UUID,
      at: ISO_DATE_TIME,
      actor: { type: 'client', id: 'charter-admin', email: null },
      clientId: 'charter-admin',
      sourceAddress: '127.0.0.1',
      reason: null,
      enterpriseId: enterprise.id,
      action: 'EnterpriseUpdated',
      entityType: 'enterprise',
      entityId: enterprise.id,
      before: expect.objectContaining({ name: enterprise.name }),
      after: expect.objectContaining({ name: 'Renamed Oy' }),
      requestId: expect.any(String),
      correlationId: expect.any(String),
    });
    const oldestFirst = await list(`?entityId=${enterprise.id}&sort=at`);
    expect(oldestFirst.body.items.map((item: { id: string }) => item.id)).toEqual(
      [...result.body.items].reverse().map((item: { id: string }) => item.id),
    );
  });

  it('never shows a secret or its hash', async () => {
    const result = await list(`?entityId=${account.id}`);
    expect(result.body.items.map((item: { action: string }) => item.action)).toEqual([
      'SystemAccountSecretRotated',
      'SystemAccountCreated',
    ]);
    expect(result.text).not.toContain(rotatedSecret);
    expect(result.text).not.toContain(hmac(rotatedSecret));
    expect(result.text).not.toContain(hmac(account.clientSecret));
    expect(result.body.items[0].after.secrets[1].hash).toBe('[redacted]');
  });

  it('filters by entity type, actor, action and time window', async () => {
    const types = await list('?entityType=system-account&limit=200');
    expect(
      new Set(types.body.items.map((item: { entityType: string }) => item.entityType)),
    ).toEqual(new Set(['system-account']));
    // The bootstrap creates the machine admin client and the admin console client.
    const bootstrap = await list('?actorId=bootstrap');
    expect(bootstrap.body.items).toHaveLength(2);
    for (const item of bootstrap.body.items) {
      expect(item).toMatchObject({
        actor: { type: 'system', id: 'bootstrap', email: null },
        clientId: null,
        sourceAddress: null,
        action: 'SystemAccountCreated',
        requestId: null,
      });
    }
    const suspensions = await list('?action=EnterpriseSuspended');
    expect(suspensions.body.items).toHaveLength(1);

    const all = (await list('?sort=at&limit=200')).body.items as Array<{ at: string; id: string }>;
    const middle = all[Math.floor(all.length / 2)]!;
    const after = (await list(`?from=${middle.at}&limit=200`)).body.items as typeof all;
    expect(after.every((item) => item.at >= middle.at)).toBe(true);
    expect(after.map((item) => item.id)).toContain(middle.id);
    const before = (await list(`?to=${middle.at}&limit=200`)).body.items as typeof all;
    expect(before.every((item) => item.at < middle.at)).toBe(true);
    expect(before.length + after.length).toBe(all.length);
  });

  it('pages with a cursor, each change once', async () => {
    const all = (await list('?limit=200')).body.items.map((item: { id: string }) => item.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await list(`?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(seen).toEqual(all);
  });

  it.each([
    ['entityType=robot', '/entityType'],
    ['from=yesterday', '/from'],
    ['from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', '/to'],
    ['sort=action', '/sort'],
    ['limit=0', '/limit'],
    ['secret=1', '/secret'],
  ])('refuses %s with 400 validation_failed', async (query, pointer) => {
    const result = await list(`?${query}`);
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
      pointer,
    );
  });

  it('refuses a cursor of another sort', async () => {
    const first = await list('?limit=1&sort=at');
    expectProblem(
      await list(`?limit=1&cursor=${String(first.body.nextCursor)}`),
      400,
      'invalid_cursor',
    );
  });
});
