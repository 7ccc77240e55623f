/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures are JSON bodies */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness } from './support/harness.js';

const DATASETS = [
  { name: 'equities', description: 'Shares and indices' },
  { name: 'fx', description: 'Currencies' },
  { name: 'rates', description: 'Interest rates' },
];

/** Datasets on content APIs, and the datasets and rate limit of contracts. */
describe('datasets and rate limits', () => {
  let h: Harness;
  let enterprise: Record<string, any>;

  beforeAll(async () => {
    h = await Harness.start();
    enterprise = await h.createEnterprise();
  });

  afterAll(async () => {
    await h?.close();
  });

  const patch = (path: string, body: unknown, version?: number) =>
    h.request('PATCH', path, {
      body,
      headers: version === undefined ? {} : { 'if-match': `"${version}"` },
    });

  describe('content API datasets', () => {
    it('are declared on register and carried by ContentApiRegistered; none declared by default', async () => {
      const before = await h.snapshot();
      const api = await h.createContentApi({ datasets: DATASETS });
      expect(api.datasets).toEqual(DATASETS);
      const [event] = await h.expectEvents(before, [
        { type: 'ContentApiRegistered', aggregateId: api.id, version: 1 },
      ]);
      expect(event!.data.datasets).toEqual(DATASETS);
      expect((await h.createContentApi()).datasets).toEqual([]);
    });

    it('refuses bad dataset declarations with 400 and changes nothing', async () => {
      const before = await h.snapshot();
      for (const datasets of [
        [{ name: 'Equities', description: '' }],
        [
          { name: 'fx', description: '' },
          { name: 'fx', description: 'again' },
        ],
        [{ name: 'fx' }],
        'fx',
      ]) {
        const result = await h.request('POST', '/v1/content-apis', {
          body: {
            name: 'Bad',
            resourceIndicator: 'https://bad.example.com',
            scopes: [{ name: 'a', description: '' }],
            datasets,
          },
        });
        expectProblem(result, 400, 'validation_failed');
      }
      await h.expectUnchanged(before);
    });

    it('change with PATCH and If-Match: ContentApiUpdated, 412 on a stale version, {} changes nothing', async () => {
      const api = await h.createContentApi({ datasets: DATASETS });
      const path = `/v1/content-apis/${api.id}`;

      const before = await h.snapshot();
      const stale = await patch(path, { datasets: [] }, 7);
      expectProblem(stale, 412, 'precondition_failed');
      expect((await patch(path, {}, 1)).body.version).toBe(1);
      await h.expectUnchanged(before);

      const updated = await patch(path, { name: 'Market data', datasets: DATASETS.slice(0, 2) }, 1);
      expect(updated.status, updated.text).toBe(200);
      expect(updated.headers.get('etag')).toBe('"2"');
      expect(updated.body).toMatchObject({
        name: 'Market data',
        datasets: DATASETS.slice(0, 2),
        version: 2,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'ContentApiUpdated', aggregateId: api.id, version: 2 },
      ]);
      expect(event).toMatchObject({
        subject: 'accounts.content-api.updated',
        data: { name: 'Market data', datasets: DATASETS.slice(0, 2) },
      });
      expect(await h.auditRows(api.id)).toHaveLength(2);

      expectProblem(await patch(path, { datasets: null }), 400, 'validation_failed');
      expectProblem(
        await patch(path, { resourceIndicator: 'https://x.example.com' }),
        400,
        'validation_failed',
      );
      expectProblem(
        await patch('/v1/content-apis/00000000-0000-4000-8000-000000000000', {}),
        404,
        'content_api_not_found',
      );
    });

    it('keep a dataset a live contract covers (409 dataset_in_use); a terminated or deleted contract holds none', async () => {
      const api = await h.createContentApi({ datasets: DATASETS });
      const path = `/v1/content-apis/${api.id}`;
      const contract = await h.createContract({
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        datasets: ['fx'],
      });
      // A contract covering everything holds no dataset in particular.
      await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });

      const before = await h.snapshot();
      const refused = await patch(path, { datasets: [DATASETS[0]] });
      expectProblem(refused, 409, 'dataset_in_use');
      expect(refused.body.errors).toEqual([{ pointer: '/datasets', detail: 'must keep fx' }]);
      await h.expectUnchanged(before);

      // Another one can go, and fx's description can change.
      expect(
        (await patch(path, { datasets: [{ name: 'fx', description: 'FX' }, DATASETS[0]] })).status,
      ).toBe(200);

      const terminated = await h.request('POST', `/v1/contracts/${contract.id}/terminate`);
      expect(terminated.status, terminated.text).toBe(200);
      const removed = await patch(path, { datasets: [] });
      expect(removed.status, removed.text).toBe(200);
      expect(removed.body.datasets).toEqual([]);
    });
  });

  describe('contract datasets and rate limit', () => {
    let api: Record<string, any>;

    beforeAll(async () => {
      api = await h.createContentApi({ datasets: DATASETS });
    });

    it('are signed with the contract and carried by ContractCreated; absent means all and no limit', async () => {
      const before = await h.snapshot();
      const contract = await h.createContract({
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        datasets: ['equities', 'fx'],
        rateLimit: { requestsPerMinute: 120 },
      });
      expect(contract).toMatchObject({
        datasets: ['equities', 'fx'],
        rateLimit: { requestsPerMinute: 120 },
      });
      const [event] = await h.expectEvents(before, [
        { type: 'ContractCreated', aggregateId: contract.id, version: 1 },
      ]);
      expect(event!.data).toMatchObject({
        datasets: ['equities', 'fx'],
        rateLimit: { requestsPerMinute: 120 },
      });
      const [row] = await h.query(
        'SELECT datasets, rate_limit FROM accounts.contracts WHERE id = $1',
        [contract.id],
      );
      expect(row).toEqual({ datasets: ['equities', 'fx'], rate_limit: { requestsPerMinute: 120 } });

      const plain = await h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id });
      expect(plain).toMatchObject({ datasets: [], rateLimit: null });
    });

    it('refuses datasets the content API does not declare (422 unknown_dataset) and bad values (400)', async () => {
      const before = await h.snapshot();
      const base = {
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        scopes: ['articles:read'],
        validFrom: '2025-01-01T00:00:00Z',
      };
      const unknown = await h.request('POST', '/v1/contracts', {
        body: { ...base, datasets: ['fx', 'macro'] },
      });
      expectProblem(unknown, 422, 'unknown_dataset');
      expect(unknown.body.errors).toEqual([
        { pointer: '/datasets/1', detail: "is not one of the content API's datasets" },
      ]);
      for (const extra of [
        { datasets: ['fx', 'fx'] },
        { datasets: 'fx' },
        { rateLimit: { requestsPerMinute: 0 } },
        { rateLimit: { requestsPerMinute: 1.5 } },
        { rateLimit: { requestsPerMinute: 10, burst: 3 } },
        { rateLimit: 10 },
      ]) {
        expectProblem(
          await h.request('POST', '/v1/contracts', { body: { ...base, ...extra } }),
          400,
          'validation_failed',
        );
      }
      await h.expectUnchanged(before);
    });

    it('change with PATCH and If-Match: ContractUpdated with the whole new terms', async () => {
      const contract = await h.createContract({
        enterpriseId: enterprise.id,
        contentApiId: api.id,
        datasets: ['fx'],
      });
      const path = `/v1/contracts/${contract.id}`;
      const before = await h.snapshot();
      const updated = await patch(
        path,
        {
          scopes: ['articles:read', 'prices:read'],
          datasets: ['rates'],
          validUntil: '2030-01-01T00:00:00Z',
          rateLimit: { requestsPerMinute: 30 },
        },
        1,
      );
      expect(updated.status, updated.text).toBe(200);
      expect(updated.body).toMatchObject({
        scopes: ['articles:read', 'prices:read'],
        datasets: ['rates'],
        validUntil: '2030-01-01T00:00:00.000Z',
        rateLimit: { requestsPerMinute: 30 },
        version: 2,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'ContractUpdated', aggregateId: contract.id, version: 2 },
      ]);
      const { version: _version, ...state } = updated.body;
      expect(event).toMatchObject({
        subject: 'accounts.contract.updated',
        data: { ...state, resourceIndicator: api.resourceIndicator },
      });

      // null unsets the end and the limit; [] covers everything again.
      const reset = await patch(path, { validUntil: null, rateLimit: null, datasets: [] }, 2);
      expect(reset.body).toMatchObject({
        validUntil: null,
        rateLimit: null,
        datasets: [],
        version: 3,
      });
    });

    it('refuses a bad PATCH and changes nothing', async () => {
      const contract = await h.createContract({
        enterpriseId: enterprise.id,
        contentApiId: api.id,
      });
      const path = `/v1/contracts/${contract.id}`;
      const before = await h.snapshot();
      expectProblem(await patch(path, { datasets: ['macro'] }), 422, 'unknown_dataset');
      expectProblem(await patch(path, { scopes: ['admin'] }), 422, 'unknown_scope');
      expectProblem(
        await patch(path, {
          validFrom: '2031-01-01T00:00:00Z',
          validUntil: '2030-01-01T00:00:00Z',
        }),
        422,
        'invalid_validity_period',
      );
      expectProblem(await patch(path, { scopes: [] }), 400, 'validation_failed');
      expectProblem(await patch(path, { datasets: null }), 400, 'validation_failed');
      expectProblem(await patch(path, { status: 'suspended' }), 400, 'validation_failed');
      expectProblem(await patch(path, { datasets: ['fx'] }, 9), 412, 'precondition_failed');
      expectProblem(
        await patch('/v1/contracts/00000000-0000-4000-8000-000000000000', {}),
        404,
        'contract_not_found',
      );
      await h.expectUnchanged(before);

      expect((await h.request('POST', `/v1/contracts/${contract.id}/terminate`)).status).toBe(200);
      const afterTermination = await h.snapshot();
      expectProblem(await patch(path, { datasets: ['fx'] }), 409, 'illegal_status_transition');
      await h.expectUnchanged(afterTermination);
    });
  });
});
