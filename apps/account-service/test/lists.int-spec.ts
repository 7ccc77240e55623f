/* eslint-disable @typescript-eslint/no-explicit-any -- tests assert on JSON bodies */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness } from './support/harness.js';

/** Cursor pagination, filters and sorting on every list. */
describe('lists', () => {
  let h: Harness;
  const names = ['Echo Oy', 'Alpha Oy', 'Delta Oy', 'Charlie Oy', 'Bravo Oy'];
  let enterprises: Array<Record<string, any>>;

  beforeAll(async () => {
    h = await Harness.start();
    enterprises = [];
    for (const name of names) {
      enterprises.push(await h.createEnterprise({ name }));
    }
  });

  afterAll(async () => {
    await h?.close();
  });

  /** Follows nextCursor to the end; returns the pages' ids. */
  async function walk(path: string, query: string): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `${path}?${query}${cursor === null ? '' : `&cursor=${cursor}`}`;
      const result = await h.request('GET', url);
      expect(result.status, result.text).toBe(200);
      pages.push(result.body.items.map((item: { id: string }) => item.id));
      cursor = result.body.nextCursor as string | null;
      expect(pages.length).toBeLessThan(50);
    } while (cursor !== null);
    return pages;
  }

  const byCreation = () =>
    [...enterprises]
      .sort((a, b) =>
        a.createdAt === b.createdAt
          ? String(a.id).localeCompare(String(b.id))
          : String(a.createdAt).localeCompare(String(b.createdAt)),
      )
      .map((enterprise) => String(enterprise.id));

  it('pages through enterprises by creation, each once, in order, with nextCursor null at the end', async () => {
    const pages = await walk('/v1/enterprises', 'limit=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(byCreation());
    const backwards = await walk('/v1/enterprises', 'limit=2&sort=-createdAt');
    expect(backwards.flat()).toEqual(byCreation().reverse());
  });

  it('sorts by name both ways', async () => {
    const byName = [...enterprises]
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
      .map((enterprise) => String(enterprise.id));
    expect((await walk('/v1/enterprises', 'limit=3&sort=name')).flat()).toEqual(byName);
    expect((await walk('/v1/enterprises', 'limit=3&sort=-name')).flat()).toEqual(
      [...byName].reverse(),
    );
  });

  it('answers a page exactly as big as the rest with nextCursor null', async () => {
    const result = await h.request('GET', '/v1/enterprises?limit=5');
    expect(result.body.items).toHaveLength(5);
    expect(result.body.nextCursor).toBeNull();
  });

  it('filters enterprises by status', async () => {
    const suspended = enterprises[2]!;
    expect((await h.request('POST', `/v1/enterprises/${suspended.id}/suspend`)).status).toBe(200);
    const result = await h.request('GET', '/v1/enterprises?status=suspended');
    expect(result.body.items.map((item: { id: string }) => item.id)).toEqual([suspended.id]);
    const active = await walk('/v1/enterprises', 'status=active&limit=1');
    expect(active.flat()).toEqual(byCreation().filter((id) => id !== suspended.id));
    expect((await h.request('POST', `/v1/enterprises/${suspended.id}/reactivate`)).status).toBe(
      200,
    );
  });

  it('refuses a cursor made for another sort, or one that is not ours, with 400 invalid_cursor', async () => {
    const first = await h.request('GET', '/v1/enterprises?limit=1&sort=name');
    const cursor = first.body.nextCursor as string;
    const other = await h.request('GET', `/v1/enterprises?limit=1&cursor=${cursor}`);
    expectProblem(other, 400, 'invalid_cursor');
    expect(other.body.errors).toEqual([{ pointer: '/cursor', detail: expect.any(String) }]);
    const forged = Buffer.from(JSON.stringify(['createdAt', "x' OR 1=1", 'nope'])).toString(
      'base64url',
    );
    for (const bad of ['garbage', forged]) {
      expectProblem(await h.request('GET', `/v1/enterprises?cursor=${bad}`), 400, 'invalid_cursor');
    }
  });

  it.each([
    ['/v1/enterprises', 'limit=0', '/limit'],
    ['/v1/enterprises', 'limit=201', '/limit'],
    ['/v1/enterprises', 'limit=1.5', '/limit'],
    ['/v1/enterprises', 'sort=businessId', '/sort'],
    ['/v1/enterprises', 'status=gone', '/status'],
    ['/v1/content-apis', 'sort=status', '/sort'],
    ['/v1/system-accounts', 'enterpriseId=x', '/enterpriseId'],
    ['/v1/system-accounts', 'status=paused', '/status'],
    ['/v1/contracts', 'contentApiId=x', '/contentApiId'],
    ['/v1/contracts', 'activeAt=2025-01-01', '/activeAt'],
    ['/v1/enterprises', 'unknown=1', '/unknown'],
  ])('GET %s?%s → 400 validation_failed', async (path, query, pointer) => {
    const result = await h.request('GET', `${path}?${query}`);
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
      pointer,
    );
  });

  it('pages content APIs and system accounts, and filters accounts by enterprise and status', async () => {
    const apis = [
      await h.createContentApi({ name: 'B api' }),
      await h.createContentApi({ name: 'A api' }),
    ];
    const byName = await h.request('GET', '/v1/content-apis?sort=name&limit=1');
    expect(byName.body.items.map((item: { id: string }) => item.id)).toEqual([apis[1]!.id]);
    expect(byName.body.nextCursor).toEqual(expect.any(String));

    const owner = enterprises[0]!;
    const accounts = [
      await h.createSystemAccount({ enterpriseId: owner.id, name: 'Portal 1' }),
      await h.createSystemAccount({ enterpriseId: owner.id, name: 'Portal 2' }),
    ];
    await h.createSystemAccount({ enterpriseId: enterprises[1]!.id });
    const mine = await walk('/v1/system-accounts', `enterpriseId=${owner.id}&limit=1`);
    expect(mine.flat()).toEqual(accounts.map((account) => String(account.id)));
    const page = await h.request(
      'GET',
      `/v1/system-accounts?enterpriseId=${owner.id}&status=active&sort=-name`,
    );
    expect(page.body.items.map((item: { name: string }) => item.name)).toEqual([
      'Portal 2',
      'Portal 1',
    ]);
    expect(page.text).not.toMatch(/"(clientSecret|hash)"/);
  });

  it('filters contracts by enterprise, content API, status and validity at an instant', async () => {
    const enterprise = enterprises[4]!;
    const api = await h.createContentApi();
    const contract = (overrides: Record<string, unknown>) =>
      h.createContract({ enterpriseId: enterprise.id, contentApiId: api.id, ...overrides });
    const current = await contract({
      validFrom: '2025-01-01T00:00:00Z',
      validUntil: '2026-01-01T00:00:00Z',
    });
    const openEnded = await contract({ validFrom: '2024-06-01T00:00:00Z' });
    const ended = await contract({
      validFrom: '2024-01-01T00:00:00Z',
      validUntil: '2025-06-01T00:00:00Z',
    });
    const future = await contract({ validFrom: '2025-07-01T00:00:00Z' });
    const suspended = await contract({ validFrom: '2025-02-01T00:00:00Z' });
    expect((await h.request('POST', `/v1/contracts/${suspended.id}/suspend`)).status).toBe(200);

    const ids = async (query: string): Promise<string[]> => {
      const result = await h.request<{ items: Array<{ id: string }> }>(
        'GET',
        `/v1/contracts?contentApiId=${api.id}&${query}`,
      );
      return result.body.items.map((item) => item.id);
    };
    expect(await ids('activeAt=2025-06-01T00:00:00Z')).toEqual([current.id, openEnded.id]);
    // validUntil is exclusive: at its end a contract is no longer in force.
    expect(await ids('activeAt=2026-01-01T00:00:00Z')).toEqual([openEnded.id, future.id]);
    expect(await ids('activeAt=2025-05-31T23:59:59.999Z')).toEqual([
      current.id,
      openEnded.id,
      ended.id,
    ]);
    expect(await ids('status=suspended')).toEqual([suspended.id]);
    expect(await ids(`enterpriseId=${enterprises[0]!.id}`)).toEqual([]);
    expect(await ids('sort=validFrom')).toEqual([
      ended.id,
      openEnded.id,
      current.id,
      suspended.id,
      future.id,
    ]);
    const paged = await walk('/v1/contracts', `contentApiId=${api.id}&sort=-validFrom&limit=2`);
    expect(paged.flat()).toEqual([future.id, suspended.id, current.id, openEnded.id, ended.id]);
  });
});
