import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness, ISO_DATE_TIME, UUID } from './support/harness.js';

describe('content APIs', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const valid = (overrides: Record<string, unknown> = {}) => ({
    name: 'News archive API',
    resourceIndicator: `https://news-${randomUUID()}.example.com/api`,
    scopes: [
      { name: 'articles:read', description: 'Read articles' },
      { name: 'prices:read', description: 'Read prices' },
    ],
    ...overrides,
  });

  it('registers a content API: 201, the row, one audit entry and one ContentApiRegistered event', async () => {
    const before = await h.snapshot();
    const input = valid({ resourceIndicator: 'https://news.example.com/api?v=1' });
    const created = await h.request('POST', '/v1/content-apis', { body: input });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: UUID,
      name: input.name,
      resourceIndicator: input.resourceIndicator,
      scopes: input.scopes,
      datasets: [],
      version: 1,
      createdAt: ISO_DATE_TIME,
      updatedAt: created.body.createdAt,
    });
    const id = created.body.id as string;

    const [row] = await h.query('SELECT * FROM accounts.content_apis WHERE id = $1', [id]);
    expect(row).toMatchObject({
      name: input.name,
      resource_indicator: input.resourceIndicator,
      scopes: input.scopes,
      version: 1,
    });

    const [event] = await h.expectEvents(before, [
      { type: 'ContentApiRegistered', aggregateId: id, version: 1 },
    ]);
    expect(event).toMatchObject({
      type: 'ContentApiRegistered',
      subject: 'accounts.content-api.registered',
      schemaVersion: 1,
      actor: { type: 'client', id: 'charter-admin' },
      aggregate: { type: 'content-api', id, version: 1 },
      data: {
        id,
        name: input.name,
        resourceIndicator: input.resourceIndicator,
        scopes: input.scopes,
        createdAt: created.body.createdAt,
        updatedAt: created.body.updatedAt,
      },
    });

    const audit = await h.auditRows(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_type: 'client',
      actor_id: 'charter-admin',
      action: 'ContentApiRegistered',
      entity_type: 'content-api',
      before: null,
      after: event!.data,
      request_id: created.headers.get('x-request-id'),
      correlation_id: created.headers.get('x-request-id'),
    });
  });

  it('takes the correlation id from X-Correlation-Id into the event and the audit row', async () => {
    const created = await h.request('POST', '/v1/content-apis', {
      body: valid(),
      headers: { 'x-correlation-id': 'onboarding-42' },
    });
    expect(created.status).toBe(201);
    const [row] = await h.query('SELECT envelope FROM accounts.outbox WHERE aggregate_id = $1', [
      created.body.id,
    ]);
    expect(row!.envelope.correlationId).toBe('onboarding-42');
    const [audit] = await h.auditRows(created.body.id);
    expect(audit).toMatchObject({
      correlation_id: 'onboarding-42',
      request_id: created.headers.get('x-request-id'),
    });
  });

  it('ignores an X-Correlation-Id that is not a plain token and uses the request id', async () => {
    const created = await h.request('POST', '/v1/content-apis', {
      body: valid(),
      headers: { 'x-correlation-id': 'has spaces and "quotes"' },
    });
    expect(created.status).toBe(201);
    const [row] = await h.query('SELECT envelope FROM accounts.outbox WHERE aggregate_id = $1', [
      created.body.id,
    ]);
    expect(row!.envelope.correlationId).toBe(created.headers.get('x-request-id'));
  });

  it('lists and gets content APIs', async () => {
    const created = await h.request('POST', '/v1/content-apis', {
      body: valid({ name: 'Listed API' }),
    });
    const list = await h.request('GET', '/v1/content-apis?sort=-createdAt');
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(created.body);

    const one = await h.request('GET', `/v1/content-apis/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(created.body);
  });

  it('refuses a second content API with the same resource indicator: 409 content_api_exists, nothing written', async () => {
    const input = valid();
    expect((await h.request('POST', '/v1/content-apis', { body: input })).status).toBe(201);
    const before = await h.snapshot();
    const duplicate = await h.request('POST', '/v1/content-apis', {
      body: { ...input, name: 'Another name' },
    });
    expectProblem(duplicate, 409, 'content_api_exists');
    await h.expectUnchanged(before);
  });

  it('answers 404 content_api_not_found for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'not-a-uuid', '1', "x' OR 1=1 --"]) {
      const result = await h.request('GET', `/v1/content-apis/${encodeURIComponent(id)}`);
      expectProblem(result, 404, 'content_api_not_found');
    }
  });

  describe('refuses bad input with a problem and writes nothing', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['a missing name', valid({ name: undefined }), ['/name']],
      ['a blank name', valid({ name: '   ' }), ['/name']],
      ['a numeric name', valid({ name: 42 }), ['/name']],
      [
        'a relative resource indicator',
        valid({ resourceIndicator: '/api' }),
        ['/resourceIndicator'],
      ],
      [
        'a resource indicator with a fragment',
        valid({ resourceIndicator: 'https://x.example.com/api#part' }),
        ['/resourceIndicator'],
      ],
      [
        'a resource indicator with spaces',
        valid({ resourceIndicator: 'https://x.example.com/a b' }),
        ['/resourceIndicator'],
      ],
      ['no scopes', valid({ scopes: [] }), ['/scopes']],
      ['scopes that are not a list', valid({ scopes: 'articles:read' }), ['/scopes']],
      [
        'a scope name with a space',
        valid({ scopes: [{ name: 'articles read', description: 'x' }] }),
        ['/scopes/0/name'],
      ],
      [
        'a scope name with a quote',
        valid({ scopes: [{ name: 'a"b', description: 'x' }] }),
        ['/scopes/0/name'],
      ],
      [
        'a scope without description',
        valid({ scopes: [{ name: 'a' }] }),
        ['/scopes/0/description'],
      ],
      [
        'a scope with an unknown field',
        valid({ scopes: [{ name: 'a', description: 'x', admin: true }] }),
        ['/scopes/0/admin'],
      ],
      [
        'repeated scope names',
        valid({
          scopes: [
            { name: 'a', description: 'x' },
            { name: 'a', description: 'y' },
          ],
        }),
        ['/scopes'],
      ],
      [
        '101 scopes',
        valid({
          scopes: Array.from({ length: 101 }, (_, i) => ({ name: `s${i}`, description: '' })),
        }),
        ['/scopes'],
      ],
      ['an unknown field', valid({ owner: 'me' }), ['/owner']],
    ];

    it.each(cases)('%s → 400 validation_failed', async (_name, body, pointers) => {
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/content-apis', { body });
      expectProblem(result, 400, 'validation_failed');
      expect(result.body.errors.map((error: { pointer: string }) => error.pointer)).toEqual(
        expect.arrayContaining(pointers),
      );
      await h.expectUnchanged(before);
    });

    it('malformed JSON → 400 malformed_json', async () => {
      const before = await h.snapshot();
      expectProblem(
        await h.request('POST', '/v1/content-apis', { rawBody: '{"name": "x",' }),
        400,
        'malformed_json',
      );
      await h.expectUnchanged(before);
    });

    it('a JSON body that is not an object → 400', async () => {
      const before = await h.snapshot();
      for (const rawBody of ['[]', '"text"', '42', 'null']) {
        const result = await h.request('POST', '/v1/content-apis', { rawBody });
        expect(result.status).toBe(400);
        expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
      await h.expectUnchanged(before);
    });

    it('a body that is not JSON → 415 unsupported_media_type', async () => {
      const before = await h.snapshot();
      for (const contentType of [
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
      ]) {
        const result = await h.request('POST', '/v1/content-apis', {
          rawBody: JSON.stringify(valid()),
          contentType,
        });
        expectProblem(result, 415, 'unsupported_media_type');
      }
      await h.expectUnchanged(before);
    });

    it('a body over 64 KiB → 413 payload_too_large', async () => {
      const before = await h.snapshot();
      const result = await h.request('POST', '/v1/content-apis', {
        body: valid({ name: 'x'.repeat(70 * 1024) }),
      });
      expectProblem(result, 413, 'payload_too_large');
      await h.expectUnchanged(before);
    });
  });
});
