import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  IdempotencyKeyReused,
  idempotentRequest,
  InvalidIdempotencyKey,
  replayFor,
  withSecretDigest,
} from './idempotent-request.js';

describe('idempotent requests', () => {
  const request = (key: string | undefined, body: unknown, path = '/v1/enterprises') =>
    idempotentRequest(key, 'client-a', 'post', path, body);

  it('are absent without a key', () => {
    expect(request(undefined, {})).toBeNull();
  });

  it.each(['', ' ', 'a b', 'é', 'x'.repeat(256)])('refuse the key %j', (key) => {
    expect(() => request(key, {})).toThrow(InvalidIdempotencyKey);
    // The problem's detail says what a key may be.
    expect(() => request(key, {})).toThrow('1 to 255 visible ASCII characters');
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
    expect(() => replayFor(request('k', { name: 'B' })!, stored)).toThrow(
      'used for a different request',
    );
  });

  it('accept 1 to 255 visible ASCII characters', () => {
    for (const key of ['k', '!', '~', 'x'.repeat(255), 'a"b']) {
      expect(request(key, {})?.key).toBe(key);
    }
  });

  it('belong to the client that sent them: the same key and body of another client is another request', () => {
    const a = idempotentRequest('k', 'client-a', 'POST', '/v1/users', { email: 'a@x' });
    const b = idempotentRequest('k', 'client-b', 'POST', '/v1/users', { email: 'a@x' });
    expect(a?.clientId).toBe('client-a');
    expect(b?.clientId).toBe('client-b');
  });

  it('fingerprint the method whatever its case, and tell methods apart', () => {
    const post = idempotentRequest('k', 'c', 'POST', '/v1/users', {});
    expect(idempotentRequest('k', 'c', 'post', '/v1/users', {})?.fingerprint).toBe(
      post?.fingerprint,
    );
    expect(idempotentRequest('k', 'c', 'PUT', '/v1/users', {})?.fingerprint).not.toBe(
      post?.fingerprint,
    );
  });

  it('leave a secret member out of the fingerprint, and bind it back by its digest', () => {
    const withPassword = (password: string) =>
      idempotentRequest('k', 'c', 'POST', '/v1/users', { email: 'a@x', password }, ['password'])!;
    // The password is not in the unkeyed fingerprint: two passwords fingerprint alike...
    expect(withPassword('one').fingerprint).toBe(withPassword('two').fingerprint);
    // ...while every other member still counts.
    expect(
      idempotentRequest('k', 'c', 'POST', '/v1/users', { email: 'b@x', password: 'one' }, [
        'password',
      ])?.fingerprint,
    ).not.toBe(withPassword('one').fingerprint);
    // Without secret members the password is fingerprinted like any member.
    expect(
      idempotentRequest('k', 'c', 'POST', '/v1/users', { email: 'a@x', password: 'one' })
        ?.fingerprint,
    ).not.toBe(withPassword('one').fingerprint);
    // The keyed digest binds it back in: another password is another request.
    const first = withSecretDigest(withPassword('one'), 'digest-of-one');
    expect(withSecretDigest(withPassword('one'), 'digest-of-one')).toEqual(first);
    expect(withSecretDigest(withPassword('two'), 'digest-of-two').fingerprint).not.toBe(
      first.fingerprint,
    );
    expect(first.fingerprint).not.toBe(withPassword('one').fingerprint);
    expect(first).toMatchObject({ clientId: 'c', key: 'k' });
  });

  it('fingerprint a body that is no object as it is, secret members or not', () => {
    const secret = ['password'];
    for (const body of [null, [{ password: 'x' }], 'text']) {
      expect(idempotentRequest('k', 'c', 'POST', '/p', body, secret)?.fingerprint).toBe(
        idempotentRequest('k', 'c', 'POST', '/p', body)?.fingerprint,
      );
    }
  });

  it('canonical JSON leaves out undefined members and writes null for what JSON cannot hold', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson({ b: 1, a: 2, c: 3 })).toBe('{"a":2,"b":1,"c":3}');
    expect(canonicalJson({ a: 1, a2: 2, A: 3 })).toBe('{"A":3,"a":1,"a2":2}');
  });
});
