import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, Harness } from './support/harness.js';

/**
 * Input a careful attacker (or a fuzzer) sends: each is refused with a 4xx
 * problem document, and the refusal changes nothing.
 */
describe('bad input is a 4xx problem and changes nothing', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await Harness.start();
  });

  afterAll(async () => {
    await h?.close();
  });

  const businessId = () => `FI${randomUUID().slice(0, 8)}-1`;
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('refuses a JSON body nested thousands of levels deep', async () => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/enterprises', { rawBody: nested(5000) });
    expectProblem(result, 400, 'body_too_deep');
    await h.expectUnchanged(before);
  });

  it('refuses a deeply nested body on the public password-token redemption too', async () => {
    const result = await h.request('POST', '/v1/password-tokens/redeem', {
      rawBody: nested(5000),
      token: null,
    });
    expectProblem(result, 400, 'body_too_deep');
  });

  it('accepts a body nested as deep as the real ones', async () => {
    const result = await h.request('POST', '/v1/enterprises', {
      body: { name: 'Shallow Oy', businessId: businessId(), metadata: { tier: 'gold' } },
    });
    expect(result.status).toBe(201);
  });

  it('refuses a NUL byte in a string field', async () => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/enterprises', {
      body: { name: 'Nul\u0000 Oy', businessId: businessId() },
    });
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors).toContainEqual({
      pointer: '/name',
      detail: expect.stringMatching(/NUL/),
    });
    await h.expectUnchanged(before);
  });

  it('refuses a NUL byte in a query filter', async () => {
    const result = await h.request('GET', '/v1/audit-events?action=%00');
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors).toContainEqual({
      pointer: '/action',
      detail: expect.stringMatching(/NUL/),
    });
  });

  it('refuses a lone UTF-16 surrogate in a name', async () => {
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/enterprises', {
      rawBody: `{"name":"a\\ud800b","businessId":"${businessId()}"}`,
    });
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors).toContainEqual({
      pointer: '/name',
      detail: expect.stringMatching(/surrogate/),
    });
    await h.expectUnchanged(before);
  });

  it('accepts a well-formed surrogate pair (an emoji) in a name', async () => {
    const result = await h.request('POST', '/v1/enterprises', {
      body: { name: 'Emoji 😀 Oy', businessId: businessId() },
    });
    expect(result.status).toBe(201);
    expect(result.body.name).toBe('Emoji 😀 Oy');
  });

  it('refuses "password": null on user creation (an optional field is not nullable)', async () => {
    const enterprise = await h.createEnterprise();
    const before = await h.snapshot();
    const result = await h.request('POST', '/v1/users', {
      body: {
        kind: 'enterprise',
        enterpriseId: enterprise.id,
        email: `null-${randomUUID().slice(0, 8)}@example.com`,
        name: 'Null Password',
        roles: ['member'],
        password: null,
      },
    });
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors).toContainEqual({
      pointer: '/password',
      detail: expect.stringMatching(/null/),
    });
    await h.expectUnchanged(before);
  });

  it('refuses a PATCH with an empty body, and with null', async () => {
    const enterprise = await h.createEnterprise();
    const before = await h.snapshot();
    for (const rawBody of ['', 'null', '[]', '"text"']) {
      const result = await h.request('PATCH', `/v1/enterprises/${enterprise.id}`, { rawBody });
      expectProblem(result, 400, 'invalid_body');
    }
    await h.expectUnchanged(before);
  });

  it('answers bad percent-encoding in the path with a problem document', async () => {
    const result = await h.request('GET', '/v1/enterprises/%E0%A4%A');
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 400, code: 'bad_url' });
  });

  it('answers a path parameter over the length limit with a problem document', async () => {
    const result = await h.request('GET', `/v1/enterprises/${'a'.repeat(1000)}`);
    expect(result.status).toBe(414);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 414, code: 'uri_too_long' });
  });

  it('refuses a NUL byte in a path parameter', async () => {
    const result = await h.request('GET', '/v1/enterprises/%00');
    expectProblem(result, 400, 'validation_failed');
    expect(result.body.errors).toContainEqual({
      pointer: '/id',
      detail: expect.stringMatching(/NUL/),
    });
  });

  it('answers headers over the size limit with a 431 problem document', async () => {
    const result = await h.request('GET', '/v1/enterprises', {
      headers: { 'x-filler': 'a'.repeat(20_000) },
    });
    expect(result.status).toBe(431);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status: 431, code: 'headers_too_large' });
  });

  it('answers an unknown method with a problem document', async () => {
    const result = await h.request('PROPFIND', '/v1/enterprises');
    expect(result.status).toBeGreaterThanOrEqual(400);
    expect(result.status).toBeLessThan(500);
    expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
