import { randomUUID } from 'node:crypto';
import { waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness, ISO_DATE_TIME } from './support/harness.js';

/** Soft deletion of contracts and system accounts (issue 3). */
describe('soft deletion', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('contracts', () => {
    it('deletes: ContractDeleted with deletedAt, GET still answers, lists hide it unless includeDeleted=true, writes are 409', async () => {
      const contract = await h.createContract();
      const before = await h.snapshot();
      expectProblem(
        await h.request('DELETE', `/v1/contracts/${contract.id}`, {
          headers: { 'if-match': '"2"' },
        }),
        412,
        'precondition_failed',
      );
      await h.expectUnchanged(before);

      const deleted = await h.request('DELETE', `/v1/contracts/${contract.id}`, {
        headers: { 'if-match': '"1"' },
      });
      expect(deleted.status, deleted.text).toBe(200);
      expect(deleted.headers.get('etag')).toBe('"2"');
      expect(deleted.body).toEqual({
        ...contract,
        deletedAt: ISO_DATE_TIME,
        version: 2,
        updatedAt: deleted.body.deletedAt,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'ContractDeleted', aggregateId: contract.id, version: 2 },
      ]);
      expect(event).toMatchObject({
        subject: 'accounts.contract.deleted',
        data: { id: contract.id, status: 'active', deletedAt: deleted.body.deletedAt },
      });
      expect((await h.auditRows(String(contract.id))).at(-1)).toMatchObject({
        action: 'ContractDeleted',
        before: { deletedAt: null },
        after: { deletedAt: deleted.body.deletedAt },
      });

      expect((await h.request('GET', `/v1/contracts/${contract.id}`)).body).toEqual(deleted.body);
      const filter = `enterpriseId=${contract.enterpriseId}`;
      expect((await h.request('GET', `/v1/contracts?${filter}`)).body.items).toEqual([]);
      expect(
        (await h.request('GET', `/v1/contracts?${filter}&includeDeleted=true`)).body.items,
      ).toEqual([deleted.body]);
      // A deleted contract is never in force, even when asked to include deleted ones.
      expect(
        (
          await h.request(
            'GET',
            `/v1/contracts?${filter}&includeDeleted=true&activeAt=2025-06-01T00:00:00Z`,
          )
        ).body.items,
      ).toEqual([]);

      const after = await h.snapshot();
      for (const action of ['suspend', 'reactivate', 'terminate']) {
        expectProblem(
          await h.request('POST', `/v1/contracts/${contract.id}/${action}`),
          409,
          'contract_deleted',
        );
      }
      expectProblem(
        await h.request('DELETE', `/v1/contracts/${contract.id}`),
        409,
        'contract_deleted',
      );
      await h.expectUnchanged(after);
    });

    it('deletes a terminated contract too; 404 for unknown ids; includeDeleted must be a boolean', async () => {
      const contract = await h.createContract();
      await h.request('POST', `/v1/contracts/${contract.id}/terminate`);
      const deleted = await h.request('DELETE', `/v1/contracts/${contract.id}`);
      expect(deleted.body).toMatchObject({
        status: 'terminated',
        version: 3,
        deletedAt: ISO_DATE_TIME,
      });
      const before = await h.snapshot();
      expectProblem(
        await h.request('DELETE', `/v1/contracts/${randomUUID()}`),
        404,
        'contract_not_found',
      );
      expectProblem(await h.request('DELETE', '/v1/contracts/nope'), 404, 'contract_not_found');
      const bad = await h.request('GET', '/v1/contracts?includeDeleted=1');
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.body.errors).toEqual([{ pointer: '/includeDeleted', detail: expect.any(String) }]);
      await h.expectUnchanged(before);
    });
  });

  describe('system accounts', () => {
    it('deletes: SystemAccountDeleted, no token from then on, GET still answers, lists hide it, writes are 409', async () => {
      const enterprise = await h.createEnterprise();
      const api = await h.createContentApi();
      await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });
      const account = await h.createSystemAccount({ enterpriseId: enterprise.id });
      const tokenStatus = async () =>
        (
          await h.token(String(account.clientId), String(account.clientSecret), {
            resource: String(api.resourceIndicator),
          })
        ).status;
      await waitFor('the new client to get a token', async () =>
        (await tokenStatus()) === 200 ? true : undefined,
      );

      const before = await h.snapshot();
      const deleted = await h.request('DELETE', `/v1/system-accounts/${account.id}`, {
        headers: { 'if-match': '"1"' },
      });
      expect(deleted.status, deleted.text).toBe(200);
      const { clientSecret: _secret, ...withoutSecret } = account;
      expect(deleted.body).toEqual({
        ...withoutSecret,
        deletedAt: ISO_DATE_TIME,
        version: 2,
        updatedAt: deleted.body.deletedAt,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'SystemAccountDeleted', aggregateId: account.id, version: 2 },
      ]);
      expect(event).toMatchObject({
        subject: 'accounts.system-account.deleted',
        data: { id: account.id, deletedAt: deleted.body.deletedAt },
      });
      expect((await h.auditRows(String(account.id))).at(-1)).toMatchObject({
        action: 'SystemAccountDeleted',
      });

      // The auth-server applies the event: the client gets no token any more.
      await waitFor('the deleted client to be refused', async () =>
        (await tokenStatus()) === 401 ? true : undefined,
      );

      expect((await h.request('GET', `/v1/system-accounts/${account.id}`)).body).toEqual(
        deleted.body,
      );
      const filter = `enterpriseId=${enterprise.id}`;
      expect((await h.request('GET', `/v1/system-accounts?${filter}`)).body.items).toEqual([]);
      expect(
        (await h.request('GET', `/v1/system-accounts?${filter}&includeDeleted=true`)).body.items,
      ).toEqual([deleted.body]);

      const after = await h.snapshot();
      const path = `/v1/system-accounts/${account.id}`;
      for (const [method, suffix, body] of [
        ['PATCH', '', { name: 'again' }],
        ['POST', '/credentials/rotate', undefined],
        ['POST', `/credentials/${String(account.credentials[0].id)}/revoke`, undefined],
        ['DELETE', '', undefined],
      ] as const) {
        expectProblem(
          await h.request(method, path + suffix, { body }),
          409,
          'system_account_deleted',
        );
      }
      await h.expectUnchanged(after);
    });

    it('refuses to delete a platform account (409) or an unknown one (404), writing nothing', async () => {
      const list = await h.request('GET', '/v1/system-accounts');
      const admin = list.body.items.find(
        (item: { clientId: string }) => item.clientId === 'charter-admin',
      );
      const before = await h.snapshot();
      expectProblem(
        await h.request('DELETE', `/v1/system-accounts/${admin.id}`),
        409,
        'platform_account_protected',
      );
      expectProblem(
        await h.request('DELETE', `/v1/system-accounts/${randomUUID()}`),
        404,
        'system_account_not_found',
      );
      const account = await h.createSystemAccount();
      const stale = await h.snapshot();
      expectProblem(
        await h.request('DELETE', `/v1/system-accounts/${account.id}`, {
          headers: { 'if-match': '"3"' },
        }),
        412,
        'precondition_failed',
      );
      await h.expectUnchanged(stale);
      expect(before.outboxPosition).toBeLessThan(stale.outboxPosition);
    });
  });
});
