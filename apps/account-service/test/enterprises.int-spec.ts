import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness, ISO_DATE_TIME, UUID } from './support/harness.js';

describe('enterprises', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const businessId = () => `FI${randomUUID().slice(0, 8)}-1`;

  it('creates an active enterprise: 201, the row, one audit entry and one EnterpriseCreated event', async () => {
    const before = await h.snapshot();
    const input = { name: 'Acme Media Oy', businessId: businessId() };
    const created = await h.request('POST', '/v1/enterprises', { body: input });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: UUID,
      ...input,
      status: 'active',
      version: 1,
      createdAt: ISO_DATE_TIME,
      updatedAt: created.body.createdAt,
    });
    const id = created.body.id as string;

    const [row] = await h.query('SELECT * FROM accounts.enterprises WHERE id = $1', [id]);
    expect(row).toMatchObject({
      name: input.name,
      business_id: input.businessId,
      status: 'active',
      version: 1,
    });

    const [event] = await h.expectEvents(before, [
      { type: 'EnterpriseCreated', aggregateId: id, version: 1 },
    ]);
    expect(event).toMatchObject({
      subject: 'accounts.enterprise.created',
      actor: { type: 'client', id: 'charter-admin' },
      aggregate: { type: 'enterprise', id, version: 1 },
      data: {
        id,
        name: input.name,
        businessId: input.businessId,
        status: 'active',
        createdAt: created.body.createdAt,
        updatedAt: created.body.updatedAt,
      },
    });
    const audit = await h.auditRows(id);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'EnterpriseCreated',
        entity_type: 'enterprise',
        actor_id: 'charter-admin',
        before: null,
        after: event!.data,
      }),
    ]);
  });

  it('lists and gets enterprises', async () => {
    const created = await h.request('POST', '/v1/enterprises', {
      body: { name: 'Listed Oy', businessId: businessId() },
    });
    const list = await h.request('GET', '/v1/enterprises');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(created.body);
    const one = await h.request('GET', `/v1/enterprises/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created.body);
  });

  it('refuses a duplicate business id: 409 enterprise_exists, nothing written', async () => {
    const id = businessId();
    expect(
      (await h.request('POST', '/v1/enterprises', { body: { name: 'First', businessId: id } }))
        .status,
    ).toBe(201);
    const before = await h.snapshot();
    expectProblem(
      await h.request('POST', '/v1/enterprises', { body: { name: 'Second', businessId: id } }),
      409,
      'enterprise_exists',
    );
    await h.expectUnchanged(before);
  });

  it('answers 404 enterprise_not_found for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'abc', '00000000-0000-0000-0000-00000000000g']) {
      expectProblem(await h.request('GET', `/v1/enterprises/${id}`), 404, 'enterprise_not_found');
    }
  });

  describe('refuses bad input with a problem and writes nothing', () => {
    const cases: Array<[string, unknown, string[]]> = [
      ['an empty object', {}, ['/name', '/businessId']],
      ['a blank name', { name: ' ', businessId: '1' }, ['/name']],
      ['a numeric businessId', { name: 'x', businessId: 1234567 }, ['/businessId']],
      ['a businessId with odd characters', { name: 'x', businessId: '<script>' }, ['/businessId']],
      ['a businessId longer than 64', { name: 'x', businessId: '1'.repeat(65) }, ['/businessId']],
      ['a name longer than 200', { name: 'x'.repeat(201), businessId: '1' }, ['/name']],
      ['an unknown field', { name: 'x', businessId: '1', status: 'suspended' }, ['/status']],
    ];

    it.each(cases)('%s → 400 validation_failed', async (_name, body, pointers) => {
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/enterprises', { body });
      expectProblem(result, 400, 'validation_failed');
      expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
        expect.arrayContaining(pointers),
      );
      await h.expectUnchanged(before);
    });

    it('malformed JSON → 400, wrong content type → 415, oversized → 413, no body → 400', async () => {
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/enterprises', { rawBody: '{"name":' }),
        400,
        'malformed_json',
      );
      expectProblem(
        await h.request('POST', '/v1/enterprises', {
          rawBody: 'name=x&businessId=1',
          contentType: 'application/x-www-form-urlencoded',
        }),
        415,
        'unsupported_media_type',
      );
      expectProblem(
        await h.request('POST', '/v1/enterprises', {
          body: { name: 'x'.repeat(65 * 1024), businessId: '1' },
        }),
        413,
        'payload_too_large',
      );
      const empty = await h.request('POST', '/v1/enterprises');
      expect(empty.status).toBe(400);
      expect(empty.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      await h.expectUnchanged(before);
    });
  });
});
