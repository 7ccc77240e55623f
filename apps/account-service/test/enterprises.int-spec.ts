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
      contacts: [],
      metadata: {},
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
        contacts: [],
        metadata: {},
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
    const list = await h.request('GET', '/v1/enterprises?sort=-createdAt');
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

  it('takes contacts and metadata at creation', async () => {
    const created = await h.createEnterprise({
      contacts: [{ email: 'billing@acme.example', role: 'billing' }],
      metadata: { crmId: 'C-1042' },
    });
    expect(created).toMatchObject({
      contacts: [{ name: null, email: 'billing@acme.example', phone: null, role: 'billing' }],
      metadata: { crmId: 'C-1042' },
    });
    const [row] = await h.query(
      'SELECT contacts, metadata FROM accounts.enterprises WHERE id = $1',
      [created.id],
    );
    expect(row).toEqual({ contacts: created.contacts, metadata: created.metadata });
  });

  describe('PATCH /v1/enterprises/:id', () => {
    it('replaces the members sent: 200, the next version, one EnterpriseUpdated with the whole state, audited before/after', async () => {
      const enterprise = await h.createEnterprise({ metadata: { a: '1' } });
      const before = await h.snapshot();
      const changes = {
        name: 'Acme Group Oy',
        contacts: [
          {
            name: 'Maija',
            email: 'tech@acme.example',
            phone: '+358 40 123 4567',
            role: 'technical',
          },
        ],
        metadata: { crmId: 'C-1', tier: 'gold' },
      };
      const result = await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, {
        body: changes,
      });
      expect(result.status, result.text).toBe(200);
      expect(result.body).toEqual({
        ...enterprise,
        ...changes,
        version: 2,
        updatedAt: ISO_DATE_TIME,
      });
      const [event] = await h.expectEvents(before, [
        { type: 'EnterpriseUpdated', aggregateId: enterprise.id, version: 2 },
      ]);
      const { version: _version, ...state } = result.body;
      expect(event).toMatchObject({ subject: 'accounts.enterprise.updated', data: state });
      const audit = (await h.auditRows(enterprise.id)).find(
        (row) => row.action === 'EnterpriseUpdated',
      );
      expect(audit).toMatchObject({
        before: { name: enterprise.name, metadata: { a: '1' } },
        after: event!.data,
      });

      const onlyName = await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, {
        body: { name: 'Acme Oy' },
      });
      expect(onlyName.body).toMatchObject({
        name: 'Acme Oy',
        contacts: changes.contacts,
        version: 3,
      });
    });

    it('changes nothing (no version, no event) for {} or the values it already has', async () => {
      const enterprise = await h.createEnterprise({ metadata: { a: '1', b: '2' } });
      const before = await h.snapshot();
      for (const body of [{}, { name: enterprise.name, metadata: { b: '2', a: '1' } }]) {
        const result = await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { body });
        expect(result.status).toBe(200);
        expect(result.body).toEqual(enterprise);
      }
      await h.expectUnchanged(before);
    });

    it.each([
      ['a null name', { name: null }, '/name'],
      ['a blank name', { name: '  ' }, '/name'],
      ['null contacts', { contacts: null }, '/contacts'],
      ['a contact without email', { contacts: [{ name: 'x' }] }, '/contacts/0/email'],
      ['a contact with a bad email', { contacts: [{ email: 'nope' }] }, '/contacts/0/email'],
      [
        'a contact with an unknown field',
        { contacts: [{ email: 'a@b.example', x: 1 }] },
        '/contacts/0/x',
      ],
      [
        'too many contacts',
        { contacts: Array.from({ length: 21 }, () => ({ email: 'a@b.example' })) },
        '/contacts',
      ],
      ['metadata with a number', { metadata: { a: 1 } }, '/metadata'],
      ['metadata with a bad key', { metadata: { 'a b': 'x' } }, '/metadata'],
      ['metadata as an array', { metadata: ['x'] }, '/metadata'],
      ['a businessId', { businessId: 'NEW-1' }, '/businessId'],
      ['a status', { status: 'suspended' }, '/status'],
    ])('refuses %s: 400, nothing written', async (_name, body, pointer) => {
      const enterprise = await h.createEnterprise();
      const before = await h.snapshot();
      const result = await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { body });
      expectProblem(result, 400, 'validation_failed');
      expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toContain(
        pointer,
      );
      await h.expectUnchanged(before);
    });

    it('answers 404 for unknown and malformed ids', async () => {
      for (const id of [randomUUID(), 'abc']) {
        expectProblem(
          await h.request('PATCH', `/v1/enterprises/${id}`, { body: { name: 'x' } }),
          404,
          'enterprise_not_found',
        );
      }
    });

    it('refuses changes to a closed enterprise: 409 enterprise_not_active', async () => {
      const enterprise = await h.createEnterprise();
      expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/close`)).status).toBe(200);
      const before = await h.snapshot();
      expectProblem(
        await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { body: { name: 'New' } }),
        409,
        'enterprise_not_active',
      );
      await h.expectUnchanged(before);
    });
  });

  describe('status changes', () => {
    it('suspends, reactivates and closes: 200 with the enterprise, one event and one audit row each', async () => {
      const enterprise = await h.createEnterprise();
      const steps: Array<[string, string, string, number]> = [
        ['suspend', 'suspended', 'EnterpriseSuspended', 2],
        ['reactivate', 'active', 'EnterpriseReactivated', 3],
        ['close', 'closed', 'EnterpriseClosed', 4],
      ];
      let previous = enterprise;
      for (const [action, status, type, version] of steps) {
        const before = await h.snapshot();
        const result = await h.request('POST', `/v1/enterprises/${enterprise.id}/${action}`);
        expect(result.status, result.text).toBe(200);
        expect(result.body).toEqual({ ...previous, status, version, updatedAt: ISO_DATE_TIME });
        const [event] = await h.expectEvents(before, [
          { type, aggregateId: enterprise.id, version },
        ]);
        expect(event).toMatchObject({
          subject: `accounts.enterprise.${status === 'active' ? 'reactivated' : status}`,
          aggregate: { type: 'enterprise', id: enterprise.id, version },
          data: { status },
        });
        const audit = (await h.auditRows(enterprise.id)).find((entry) => entry.action === type);
        expect(audit).toMatchObject({
          actor_id: 'charter-admin',
          before: { status: previous.status },
          after: event!.data,
        });
        previous = result.body;
      }
    });

    it.each([
      ['reactivate', 'active'],
      ['suspend', 'suspended'],
      ['suspend', 'closed'],
      ['reactivate', 'closed'],
      ['close', 'closed'],
    ])(
      'refuses to %s an enterprise that is %s: 409 illegal_status_transition, nothing written',
      async (action, status) => {
        const enterprise = await h.createEnterprise();
        if (status !== 'active') {
          const move = status === 'suspended' ? 'suspend' : 'close';
          expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/${move}`)).status).toBe(
            200,
          );
        }
        const before = await h.snapshot();
        const result = await h.request('POST', `/v1/enterprises/${enterprise.id}/${action}`);
        expectProblem(result, 409, 'illegal_status_transition');
        await h.expectUnchanged(before);
      },
    );

    it('refuses a body with members other than a reason, and unknown ids', async () => {
      const enterprise = await h.createEnterprise();
      expectProblem(
        await h.request('POST', `/v1/enterprises/${enterprise.id}/suspend`, {
          body: { reason: 'x', now: true },
        }),
        400,
        'validation_failed',
      );
      expectProblem(
        await h.request('POST', `/v1/enterprises/${randomUUID()}/suspend`),
        404,
        'enterprise_not_found',
      );
    });

    it('a suspended enterprise takes no new system account or contract', async () => {
      const enterprise = await h.createEnterprise();
      const api = await h.createContentApi();
      expect((await h.request('POST', `/v1/enterprises/${enterprise.id}/suspend`)).status).toBe(
        200,
      );
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/system-accounts', {
          body: { enterpriseId: enterprise.id, name: 'x' },
        }),
        409,
        'enterprise_not_active',
      );
      expectProblem(
        await h.request('POST', '/v1/contracts', {
          body: {
            enterpriseId: enterprise.id,
            contentApiId: api.id,
            scopes: ['articles:read'],
            validFrom: '2025-01-01T00:00:00Z',
          },
        }),
        409,
        'enterprise_not_active',
      );
      await h.expectUnchanged(before);
    });
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
