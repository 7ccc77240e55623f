/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- tests assert on JSON bodies */
import { randomUUID } from 'node:crypto';
import {
  EventSecurity,
  localEventSecurity,
  SIGNATURE_HEADER,
  type UsageCount,
  UsageRecorded,
} from '@charter/events';
import { publishToStream, waitFor } from '@charter/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageEventsConsumer } from '../src/usage/usage-events.consumer.js';
import { ACCOUNTS_AUDIENCE, expectProblem, Harness } from './support/harness.js';

const PASSWORD = 'enterprise admin password 1';
const CONTENT_API = new EventSecurity(localEventSecurity('content-api'));
const HOUR = '2026-12-07T10:00:00.000Z';

/**
 * Usage metering's receiving end (issue 13): the content APIs' signed batches, kept exactly once
 * into minute buckets, and read back per contract and per enterprise, as JSON or CSV, under the
 * admin API's access policy.
 */
describe('usage', () => {
  let h: Harness;
  let acme: Record<string, any>;
  let other: Record<string, any>;
  let acmeContract: Record<string, any>;
  let acmeSecond: Record<string, any>;
  let otherContract: Record<string, any>;
  let adminToken: string;

  const count = (overrides: Partial<UsageCount>): UsageCount => ({
    contractId: String(acmeContract.id),
    clientId: 'acme-portal',
    dataset: 'instruments',
    outcome: 'served',
    minute: HOUR,
    count: 1,
    ...overrides,
  });

  /** A batch as a content API publishes it: signed, its id as Nats-Msg-Id (unless `msgId` says). */
  const publish = async (
    counts: UsageCount[],
    options: { id?: string; msgId?: string; signer?: EventSecurity; api?: string } = {},
  ): Promise<string> => {
    const id = options.id ?? randomUUID();
    const envelope = {
      ...UsageRecorded.create(
        { id, api: options.api ?? 'catalog-api', instanceId: 'test-instance', counts },
        1,
        { actor: { type: 'system', id: 'catalog-api' }, correlationId: id, occurredAt: new Date() },
      ),
      id,
    };
    const { body, signature } = await (options.signer ?? CONTENT_API).encode(envelope);
    await publishToStream(
      h.ctx.env.NATS_URL ?? '',
      `${h.ctx.namespace}.usage.batch.recorded`,
      body,
      options.msgId ?? id,
      { [SIGNATURE_HEADER]: signature },
    );
    return id;
  };

  const totalOf = async (contractId: string): Promise<number> => {
    const [row] = await h.query<{ total: string | null }>(
      'SELECT sum(count)::text AS total FROM accounts.usage_minutes WHERE contract_id = $1',
      [contractId],
    );
    return Number(row?.total ?? 0);
  };

  const usage = (path: string, query: Record<string, string>, token?: string, accept?: string) =>
    h.request('GET', `${path}?${new URLSearchParams(query).toString()}`, {
      ...(token === undefined ? {} : { token }),
      ...(accept === undefined ? {} : { headers: { accept } }),
    });

  const DAY = { from: '2026-12-07T00:00:00Z', to: '2026-12-08T00:00:00Z' };

  beforeAll(async () => {
    h = await Harness.start();
    acme = await h.createEnterprise();
    other = await h.createEnterprise();
    const api = await h.createContentApi();
    acmeContract = await h.createContract({ enterpriseId: acme.id, contentApiId: api.id });
    acmeSecond = await h.createContract({ enterpriseId: acme.id, contentApiId: api.id });
    otherContract = await h.createContract({ enterpriseId: other.id, contentApiId: api.id });
    const portal = await h.createSystemAccount({
      enterpriseId: acme.id,
      grantTypes: ['client_credentials', 'password'],
    });
    const admin = await h.created('/v1/users', {
      kind: 'enterprise',
      enterpriseId: acme.id,
      email: `admin-${randomUUID()}@acme.example`,
      name: 'Acme admin',
      roles: ['enterprise-admin'],
      password: PASSWORD,
    });
    adminToken = await waitFor('a token for the enterprise admin', async () => {
      const result = await h.token(String(portal.clientId), String(portal.clientSecret), {
        grant_type: 'password',
        username: String(admin.email),
        password: PASSWORD,
        resource: ACCOUNTS_AUDIENCE,
        scope: 'accounts:self',
      });
      return result.status === 200 ? String(result.body.access_token) : undefined;
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('counts a batch delivered twice once: the batch id is kept with the counts', async () => {
    const consumer = h.app.get(UsageEventsConsumer);
    const duplicatesBefore = consumer.duplicates;
    const id = await publish([count({ count: 5 }), count({ outcome: 'rate_limited', count: 2 })]);
    // The same batch again under another message id: JetStream stores it (its duplicate window
    // does not know it), the consumer gets it a second time, as after a crash before the ack.
    await publish([count({ count: 5 }), count({ outcome: 'rate_limited', count: 2 })], {
      id,
      msgId: randomUUID(),
    });
    // And once more under its own id: JetStream's duplicate window drops it.
    await publish([count({ count: 5 }), count({ outcome: 'rate_limited', count: 2 })], { id });
    await waitFor('the redelivered batch to be seen', () =>
      consumer.duplicates > duplicatesBefore ? true : undefined,
    );
    expect(await totalOf(String(acmeContract.id))).toBe(7);
    const batches = await h.query('SELECT api FROM accounts.usage_batches WHERE id = $1', [id]);
    expect(batches).toEqual([{ api: 'catalog-api' }]);
  });

  it('50 batches at once for the same rows add up exactly', async () => {
    const before = await totalOf(String(acmeSecond.id));
    await Promise.all(
      Array.from({ length: 50 }, () =>
        publish([
          count({ contractId: String(acmeSecond.id), count: 3 }),
          count({ contractId: String(acmeSecond.id), minute: '2026-12-07T10:01:00.000Z' }),
        ]),
      ),
    );
    await waitFor('every batch to be counted', async () =>
      (await totalOf(String(acmeSecond.id))) === before + 200 ? true : undefined,
    );
  });

  it('applies nothing it cannot verify: a batch signed by the account service key is dead-lettered', async () => {
    const consumer = h.app.get(UsageEventsConsumer);
    const unverifiedBefore = consumer.counts.unverified;
    await publish([count({ contractId: String(otherContract.id), count: 1000 })], {
      signer: new EventSecurity(localEventSecurity('account-service')),
    });
    await waitFor('the forged batch to be dead-lettered', () =>
      consumer.counts.unverified > unverifiedBefore ? true : undefined,
    );
    expect(await totalOf(String(otherContract.id))).toBe(0);
  });

  describe('GET /v1/contracts/{id}/usage', () => {
    beforeAll(async () => {
      await publish([
        count({
          contractId: String(otherContract.id),
          minute: '2026-12-07T11:59:00.000Z',
          count: 4,
        }),
        count({
          contractId: String(otherContract.id),
          minute: '2026-12-07T12:00:00.000Z',
          count: 6,
        }),
        count({
          contractId: String(otherContract.id),
          minute: '2026-12-07T12:30:00.000Z',
          clientId: 'other, "quoted"',
          dataset: '',
          outcome: 'dataset_not_covered',
          count: 1,
        }),
      ]);
      await waitFor('the batch to be counted', async () =>
        (await totalOf(String(otherContract.id))) === 11 ? true : undefined,
      );
    });

    it('sums per minute, hour and day, served and refused', async () => {
      const path = `/v1/contracts/${String(otherContract.id)}/usage`;
      const minutes = await usage(path, { ...DAY, granularity: 'minute' });
      expect(minutes.status, minutes.text).toBe(200);
      expect(minutes.body).toMatchObject({
        contractId: otherContract.id,
        from: '2026-12-07T00:00:00.000Z',
        to: '2026-12-08T00:00:00.000Z',
        granularity: 'minute',
        served: 10,
        refused: 1,
      });
      expect(minutes.body.items).toEqual([
        {
          start: '2026-12-07T11:59:00.000Z',
          contractId: otherContract.id,
          api: 'catalog-api',
          dataset: 'instruments',
          clientId: 'acme-portal',
          outcome: 'served',
          count: 4,
        },
        expect.objectContaining({ start: '2026-12-07T12:00:00.000Z', count: 6 }),
        expect.objectContaining({
          start: '2026-12-07T12:30:00.000Z',
          outcome: 'dataset_not_covered',
        }),
      ]);

      const hours = await usage(path, { ...DAY, granularity: 'hour' });
      expect(hours.body.items.map((i: any) => [i.start, i.outcome, i.count])).toEqual([
        ['2026-12-07T11:00:00.000Z', 'served', 4],
        ['2026-12-07T12:00:00.000Z', 'dataset_not_covered', 1],
        ['2026-12-07T12:00:00.000Z', 'served', 6],
      ]);

      const days = await usage(path, { ...DAY, granularity: 'day' });
      expect(days.body.items.map((i: any) => [i.start, i.outcome, i.count])).toEqual([
        ['2026-12-07T00:00:00.000Z', 'dataset_not_covered', 1],
        ['2026-12-07T00:00:00.000Z', 'served', 10],
      ]);

      // [from, to): the 12:00 minute is outside a window ending at 12:00.
      const before = await usage(path, {
        from: '2026-12-07T11:00:00Z',
        to: '2026-12-07T12:00:00Z',
        granularity: 'minute',
      });
      expect(before.body.items.map((i: any) => i.count)).toEqual([4]);
    });

    it('gives the same as CSV for Accept: text/csv (RFC 4180 quoting)', async () => {
      const result = await usage(
        `/v1/contracts/${String(otherContract.id)}/usage`,
        { ...DAY, granularity: 'hour' },
        undefined,
        'text/csv',
      );
      expect(result.status).toBe(200);
      expect(result.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(result.text).toBe(
        [
          'start,contract_id,api,dataset,client_id,outcome,count',
          `2026-12-07T11:00:00.000Z,${String(otherContract.id)},catalog-api,instruments,acme-portal,served,4`,
          `2026-12-07T12:00:00.000Z,${String(otherContract.id)},catalog-api,,"other, ""quoted""",dataset_not_covered,1`,
          `2026-12-07T12:00:00.000Z,${String(otherContract.id)},catalog-api,instruments,acme-portal,served,6`,
          '',
        ].join('\r\n'),
      );
      // JSON when JSON is preferred.
      const json = await usage(
        `/v1/contracts/${String(otherContract.id)}/usage`,
        DAY,
        undefined,
        'text/csv;q=0.5, application/json',
      );
      expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    });

    it.each([
      [{ to: '2026-12-08T00:00:00Z' }, 'from missing'],
      [{ ...DAY, granularity: 'week' }, 'unknown granularity'],
      [{ from: 'yesterday', to: '2026-12-08T00:00:00Z' }, 'from not a date-time'],
      [{ from: '2026-12-08T00:00:00Z', to: '2026-12-07T00:00:00Z' }, 'to before from'],
      [{ from: '2026-12-07T00:00:00Z', to: '2026-12-07T00:00:00Z' }, 'empty window'],
      [
        { from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z', granularity: 'minute' },
        'too many buckets',
      ],
      [{ ...DAY, contractId: 'x' }, 'unknown parameter'],
    ] as Array<[Record<string, string>, string]>)('%o (%s) is a 400 problem', async (query) => {
      const result = await usage(`/v1/contracts/${String(acmeContract.id)}/usage`, query);
      expectProblem(result, 400, 'validation_failed');
    });

    it('an unknown or malformed contract id is a 404', async () => {
      expectProblem(
        await usage(`/v1/contracts/${randomUUID()}/usage`, DAY),
        404,
        'contract_not_found',
      );
      expectProblem(await usage('/v1/contracts/not-a-uuid/usage', DAY), 404, 'contract_not_found');
    });
  });

  describe('enterprise admins see their own usage only', () => {
    it("reads their enterprise's contracts, and another enterprise's contract is not found", async () => {
      const own = await usage(`/v1/contracts/${String(acmeContract.id)}/usage`, DAY, adminToken);
      expect(own.status, own.text).toBe(200);
      expect(own.body.served).toBe(5);
      expectProblem(
        await usage(`/v1/contracts/${String(otherContract.id)}/usage`, DAY, adminToken),
        404,
        'contract_not_found',
      );
      expectProblem(
        await usage(`/v1/contracts/${String(otherContract.id)}/usage`, DAY, adminToken, 'text/csv'),
        404,
        'contract_not_found',
      );
    });

    it('the per-enterprise variant sums every contract of the enterprise, and only its own', async () => {
      const own = await usage(
        `/v1/enterprises/${String(acme.id)}/usage`,
        { ...DAY, granularity: 'day' },
        adminToken,
      );
      expect(own.status, own.text).toBe(200);
      expect(own.body.enterpriseId).toBe(acme.id);
      const contracts = new Set(own.body.items.map((i: any) => i.contractId));
      expect(contracts).toEqual(new Set([acmeContract.id, acmeSecond.id]));
      expect(own.body.served).toBe(5 + 200);
      expectProblem(
        await usage(`/v1/enterprises/${String(other.id)}/usage`, DAY, adminToken),
        404,
        'enterprise_not_found',
      );
      // The platform admin sees the other enterprise, whose usage holds its contract only.
      const theirs = await usage(`/v1/enterprises/${String(other.id)}/usage`, DAY);
      expect(new Set(theirs.body.items.map((i: any) => i.contractId))).toEqual(
        new Set([otherContract.id]),
      );
    });

    it('no token is a 401', async () => {
      const result = await h.request(
        'GET',
        `/v1/contracts/${String(acmeContract.id)}/usage?from=${DAY.from}&to=${DAY.to}`,
        { token: null },
      );
      expect(result.status).toBe(401);
    });
  });
});
