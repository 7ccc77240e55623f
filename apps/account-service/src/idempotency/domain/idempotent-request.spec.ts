import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  IdempotencyKeyReused,
  idempotentRequest,
  InvalidIdempotencyKey,
  replayFor,
} from './idempotent-request.js';

describe('idempotent requests', () => {
  const request = (key: string | undefined, body: unknown, path = '/v1/enterprises') =>
    idempotentRequest(key, 'client-a', 'post', path, body);

  it('are absent without a key', () => {
    expect(request(undefined, {})).toBeNull();
  });

  it.each(['', ' ', 'a b', 'é', 'x'.repeat(256)])('refuse the key %j', (key) => {
    expect(() => request(key, {})).toThrow(InvalidIdempotencyKey);
  });

  it('fingerprint method, path and body, whatever the member order', () => {
    const a = request('k', { name: 'A', businessId: '1', contacts: [{ email: 'x', role: 'y' }] });
    const b = request('k', { contacts: [{ role: 'y', email: 'x' }], businessId: '1', name: 'A' });
    expect(a).toEqual(b);
    expect(a?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(request('k', { name: 'B', businessId: '1' })?.fingerprint).not.toBe(a?.fingerprint);
    expect(request('k', { name: 'A', businessId: '1' }, '/v1/other')?.fingerprint).not.toBe(
      request('k', { name: 'A', businessId: '1' })?.fingerprint,
    );
    expect(request('k', undefined)?.fingerprint).toBe(request('k', null)?.fingerprint);
  });

  it('canonical JSON sorts members at every depth and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: 'x' })).toBe(
      '{"a":"x","b":[2,{"c":2,"d":1}]}',
    );
  });

  it('replay the stored response for the same request, and refuse another request', () => {
    const same = request('k', { name: 'A' })!;
    const stored = { fingerprint: same.fingerprint, status: 201, body: { id: '1' } };
    expect(replayFor(same, stored)).toEqual({ status: 201, body: { id: '1' } });
    expect(() => replayFor(request('k', { name: 'B' })!, stored)).toThrow(IdempotencyKeyReused);
  });
});
