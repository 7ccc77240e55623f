/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { createHmac, randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS_HASH_KEY } from '../src/config/account-service.config.js';
import { expectProblem, Harness, ISO_DATE_TIME, UUID } from './support/harness.js';

const hmac = (secret: string) =>
  createHmac('sha256', LOCAL_CREDENTIALS_HASH_KEY).update(secret).digest('hex');

describe('system account credentials', () => {
  let h: Harness;
  let enterprise: Record<string, any>;
  let api: Record<string, any>;

  beforeAll(async () => {
    h = await Harness.start();
    enterprise = await h.createEnterprise();
    api = await h.createContentApi();
    await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });
  });

  afterAll(async () => {
    await h?.close();
  });

  const tokenStatus = async (clientId: string, secret: string) =>
    (await h.token(clientId, secret, { resource: api.resourceIndicator })).status;

  it('lists credentials by id and dates only', async () => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const result = await h.request('GET', `/v1/system-accounts/${account.id}/credentials`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      systemAccountId: account.id,
      version: 1,
      items: [{ id: UUID, createdAt: ISO_DATE_TIME, expiresAt: null, label: null }],
    });
    expect(result.text).not.toContain(account.clientSecret);
    expect(result.text).not.toContain(hmac(account.clientSecret));
  });

  it('rotates: 201 with the new secret once, the old one expires after the overlap, one event with hashes only', async () => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const [oldCredential] = account.credentials;
    const before = await h.snapshot();
    const result = await h.request('POST', `/v1/system-accounts/${account.id}/credentials/rotate`, {
      body: { overlapSeconds: 3600 },
    });
    expect(result.status, result.text).toBe(201);
    expect(result.headers.get('cache-control')).toBe('no-store');
    const rotatedAt = Date.parse(result.body.credential.createdAt);
    expect(result.body).toEqual({
      systemAccountId: account.id,
      clientId: account.clientId,
      version: 2,
      clientSecret: expect.stringMatching(/^cs_[A-Za-z0-9_-]{43}$/),
      credential: { id: UUID, createdAt: ISO_DATE_TIME, expiresAt: null, label: null },
      items: [
        { ...oldCredential, expiresAt: new Date(rotatedAt + 3600_000).toISOString() },
        result.body.credential,
      ],
    });
    const newSecret = result.body.clientSecret as string;

    const [event] = await h.expectEvents(before, [
      { type: 'SystemAccountSecretRotated', aggregateId: account.id, version: 2 },
    ]);
    expect(event).toMatchObject({ subject: 'accounts.system-account.secret-rotated' });
    expect(event!.data.secrets.map((secret: { hash: string }) => secret.hash)).toEqual([
      hmac(account.clientSecret),
      hmac(newSecret),
    ]);
    expect(JSON.stringify(event)).not.toContain(newSecret);
    const audit = (await h.auditRows(account.id)).find(
      (row) => row.action === 'SystemAccountSecretRotated',
    );
    expect(JSON.stringify(audit)).not.toContain(hmac(newSecret));
    expect(JSON.stringify(audit)).not.toContain(newSecret);
    const rows = await h.query(
      'SELECT hash FROM accounts.system_account_secrets WHERE system_account_id = $1 ORDER BY created_at',
      [account.id],
    );
    expect(rows.map((row) => String(row.hash)).sort()).toEqual(
      [hmac(account.clientSecret), hmac(newSecret)].sort(),
    );

    // Never shown again.
    const fetched = await h.request('GET', `/v1/system-accounts/${account.id}`);
    expect(fetched.text).not.toContain(newSecret);
  });

  it('at the auth-server: the old secret works during the overlap, and not after it is revoked', async () => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    await waitFor(
      'the first secret to work',
      async () => (await tokenStatus(account.clientId, account.clientSecret)) === 200,
    );
    const rotated = await h.request(
      'POST',
      `/v1/system-accounts/${account.id}/credentials/rotate`,
      {
        body: { overlapSeconds: 3600 },
      },
    );
    expect(rotated.status).toBe(201);
    const newSecret = rotated.body.clientSecret as string;
    await waitFor(
      'the new secret to work',
      async () => (await tokenStatus(account.clientId, newSecret)) === 200,
    );
    expect(await tokenStatus(account.clientId, account.clientSecret)).toBe(200);

    const oldId = account.credentials[0].id as string;
    const before = await h.snapshot();
    const revoked = await h.request(
      'POST',
      `/v1/system-accounts/${account.id}/credentials/${oldId}/revoke`,
    );
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ id: account.id, version: 3 });
    const revokedCredential = revoked.body.credentials.find((c: { id: string }) => c.id === oldId);
    expect(Date.parse(revokedCredential.expiresAt)).toBeLessThanOrEqual(Date.now());
    const [event] = await h.expectEvents(before, [
      { type: 'SystemAccountSecretRevoked', aggregateId: account.id, version: 3 },
    ]);
    expect(event).toMatchObject({ subject: 'accounts.system-account.secret-revoked' });

    await waitFor(
      'the auth-server to refuse the revoked secret',
      async () => (await tokenStatus(account.clientId, account.clientSecret)) === 401,
    );
    expect(await tokenStatus(account.clientId, newSecret)).toBe(200);
  });

  it('with no overlap the old secret stops at once; with the default it lasts 24 hours', async () => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    await waitFor(
      'the first secret to work',
      async () => (await tokenStatus(account.clientId, account.clientSecret)) === 200,
    );
    const immediate = await h.request(
      'POST',
      `/v1/system-accounts/${account.id}/credentials/rotate`,
      { body: { overlapSeconds: 0 } },
    );
    expect(immediate.status).toBe(201);
    expect(immediate.body.items[0].expiresAt).toBe(immediate.body.credential.createdAt);
    await waitFor(
      'the old secret to be refused',
      async () => (await tokenStatus(account.clientId, account.clientSecret)) === 401,
    );

    const byDefault = await h.request(
      'POST',
      `/v1/system-accounts/${account.id}/credentials/rotate`,
    );
    expect(byDefault.status, byDefault.text).toBe(201);
    const kept = byDefault.body.items.find(
      (item: { id: string }) => item.id === immediate.body.credential.id,
    );
    expect(Date.parse(kept.expiresAt) - Date.parse(byDefault.body.credential.createdAt)).toBe(
      86_400_000,
    );
    // The expired one is dropped from the list (its history stays in the audit log).
    expect(byDefault.body.items).toHaveLength(2);
  });

  it.each([
    ['a negative overlap', { overlapSeconds: -1 }],
    ['an overlap over 30 days', { overlapSeconds: 30 * 86_400 + 1 }],
    ['a fractional overlap', { overlapSeconds: 1.5 }],
    ['a string overlap', { overlapSeconds: '60' }],
    ['an unknown field', { overlap: 60 }],
  ])('refuses %s: 400, nothing written', async (_name, body) => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    const before = await h.snapshot();
    const result = await h.request('POST', `/v1/system-accounts/${account.id}/credentials/rotate`, {
      body,
    });
    expectProblem(result, 400, 'validation_failed');
    await h.expectUnchanged(before);
  });

  it('answers 404 for an unknown account or credential, 409 for one already revoked', async () => {
    const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
    for (const id of [randomUUID(), 'abc']) {
      expectProblem(
        await h.request('GET', `/v1/system-accounts/${id}/credentials`),
        404,
        'system_account_not_found',
      );
      expectProblem(
        await h.request('POST', `/v1/system-accounts/${id}/credentials/rotate`),
        404,
        'system_account_not_found',
      );
    }
    const before = await h.snapshot();
    expectProblem(
      await h.request(
        'POST',
        `/v1/system-accounts/${account.id}/credentials/${randomUUID()}/revoke`,
      ),
      404,
      'credential_not_found',
    );
    await h.expectUnchanged(before);
    const credentialId = account.credentials[0].id as string;
    const path = `/v1/system-accounts/${account.id}/credentials/${credentialId}/revoke`;
    expect((await h.request('POST', path)).status).toBe(200);
    const afterRevoke = await h.snapshot();
    expectProblem(await h.request('POST', path), 409, 'credential_expired');
    await h.expectUnchanged(afterRevoke);
  });
});
